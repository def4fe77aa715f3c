package io.sluice.controller.audit;

import java.util.List;

/** What an audit found: every finding, and the drift and leaks they add up to (zero and zero when all is in place). */
public record AuditReport(List<AuditFinding> findings) {
    public AuditReport {
        findings = List.copyOf(findings);
    }

    public int drift() {
        return total(AuditFinding.Type.DRIFT);
    }

    public int leaks() {
        return total(AuditFinding.Type.LEAK);
    }

    private int total(AuditFinding.Type type) {
        return findings.stream().filter(f -> f.type() == type).mapToInt(AuditFinding::count).sum();
    }
}
