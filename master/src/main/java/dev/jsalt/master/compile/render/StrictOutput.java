package dev.jsalt.master.compile.render;

import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.expression.ExpressionStrategy;
import com.hubspot.jinjava.mode.ExecutionMode;
import com.hubspot.jinjava.objects.SafeString;
import com.hubspot.jinjava.tree.output.RenderedOutputNode;
import com.hubspot.jinjava.tree.parse.ExpressionToken;
import dev.jsalt.common.json.Json;

import java.util.Collection;
import java.util.Map;

/**
 * How {@code {{ expr }}} prints. Two differences from Jinjava's default, both for SLS:
 * <ul>
 *   <li>An expression that yields nothing (an undefined variable, a missing key) is an error naming the expression,
 *       instead of the silent empty string Salt users keep tripping over. {@code is defined}, {@code | default} and
 *       {@code .get()} still work, because only printing is strict.</li>
 *   <li>Dicts and lists print as JSON flow collections — valid YAML — instead of Java's {@code {a=1}}.</li>
 * </ul>
 */
final class StrictOutput implements ExpressionStrategy {
    private static final long serialVersionUID = 1L;

    static final ExecutionMode MODE = new ExecutionMode() {
        @Override
        public void prepareContext(Context context) {
            context.setExpressionStrategy(new StrictOutput());
        }
    };

    @Override
    public RenderedOutputNode interpretOutput(ExpressionToken token, JinjavaInterpreter interpreter) {
        int errorsBefore = interpreter.getErrors().size();
        Object value = interpreter.resolveELExpression(token.getExpr(), token.getLineNumber());
        if (value == null) {
            if (interpreter.getErrors().size() == errorsBefore) {
                interpreter.addError(new TemplateError(TemplateError.ErrorType.FATAL, TemplateError.ErrorReason.UNKNOWN,
                        TemplateError.ErrorItem.TOKEN, "'" + token.getExpr().trim() + "' is undefined (or none)",
                        token.getExpr(), token.getLineNumber(), token.getStartPosition(), null));
            }
            return new RenderedOutputNode("");
        }
        return new RenderedOutputNode(text(value, interpreter));
    }

    static String text(Object value, JinjavaInterpreter interpreter) {
        if (value instanceof String s) return s;
        if (value instanceof SafeString s) return s.toString();
        if (value instanceof Secret s) return s.token();
        if (value instanceof Map<?, ?> || value instanceof Collection<?>) return Json.string(value);
        if (value instanceof Boolean b) return b ? "True" : "False";
        return interpreter.getAsString(value);
    }
}
