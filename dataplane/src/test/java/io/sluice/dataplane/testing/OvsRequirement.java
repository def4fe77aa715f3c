package io.sluice.dataplane.testing;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The condition behind {@link RequiresOvs}. Disabling the class (rather than aborting in a @BeforeAll)
 * makes Surefire count each of its tests as skipped, with the reason in the report; the reason is also
 * logged, so a skip is never silent. With CI=true a missing requirement is an error instead.
 */
final class OvsRequirement implements ExecutionCondition {
    private static final Logger log = LoggerFactory.getLogger(OvsRequirement.class);

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<RequiresOvs> requires = AnnotationSupport.findAnnotation(context.getRequiredTestClass(),
                RequiresOvs.class);
        List<String> missing = OvsTestBed.missingTools(requires.map(RequiresOvs::root).orElse(false),
                requires.map(r -> List.of(r.tools())).orElse(List.of()));
        if (missing.isEmpty()) {
            return ConditionEvaluationResult.enabled("Open vSwitch is installed");
        }
        String reason = "e2e test needs Open vSwitch and its tools (scripts/test installs them): "
                + String.join(", ", missing);
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException(reason);
        }
        log.warn("SKIPPING {}: {}", context.getDisplayName(), reason);
        return ConditionEvaluationResult.disabled(reason);
    }
}
