package dev.jsalt.e2e.lab;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Skips a test class that builds labs of booted hosts itself where they cannot run, saying why in one line. */
public final class RequiresBootedLab implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return Requirements.missingForBoot().map(ConditionEvaluationResult::disabled).orElse(ConditionEvaluationResult.enabled("booted lab available"));
    }
}
