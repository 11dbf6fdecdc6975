package dev.jsalt.e2e.lab;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Skips a test class that builds labs itself (not through LabExtension) where the lab cannot run, saying why. */
public final class RequiresLab implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return Requirements.missing().map(ConditionEvaluationResult::disabled).orElse(ConditionEvaluationResult.enabled("lab available"));
    }
}
