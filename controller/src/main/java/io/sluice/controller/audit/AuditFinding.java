package io.sluice.controller.audit;

/**
 * One thing the audit found out of place.
 *
 * @param type    a leak (something held that nothing should hold) or drift (a difference from what the model says)
 * @param area    where: {@code allocations}, {@code switch} or {@code routers}
 * @param subject what it is about: a guard key, a switch, a router
 * @param count   how many differences it stands for (a switch's missing, extra and different flows and groups)
 * @param detail  what differs, for a person
 */
public record AuditFinding(Type type, String area, String subject, int count, String detail) {
    public enum Type { LEAK, DRIFT }

    public AuditFinding {
        if (count < 1) {
            throw new IllegalArgumentException("a finding stands for at least one difference: " + count);
        }
    }

    public static AuditFinding leak(String area, String subject, String detail) {
        return new AuditFinding(Type.LEAK, area, subject, 1, detail);
    }

    public static AuditFinding drift(String area, String subject, String detail) {
        return new AuditFinding(Type.DRIFT, area, subject, 1, detail);
    }
}
