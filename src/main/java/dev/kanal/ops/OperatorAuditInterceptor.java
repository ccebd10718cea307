package dev.kanal.ops;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Writes the audit entry of a handler method marked {@link OperatorAction} once it has been
 * answered (after its exception handlers, so a 404 or 409 is recorded as refused).
 */
final class OperatorAuditInterceptor implements HandlerInterceptor {

    private final OperatorAudit audit;

    OperatorAuditInterceptor(OperatorAudit audit) {
        this.audit = audit;
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
        if (!(handler instanceof HandlerMethod method) || !method.hasMethodAnnotation(OperatorAction.class)) {
            return;
        }
        OperatorAction action = method.getMethodAnnotation(OperatorAction.class);
        @SuppressWarnings("unchecked")
        Map<String, String> variables = (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        List<String> target = new ArrayList<>();
        String client = null;
        if (variables != null) {
            for (Map.Entry<String, String> v : variables.entrySet()) {
                if ("client".equals(v.getKey())) {
                    client = v.getValue();
                } else {
                    target.add(v.getKey() + "=" + v.getValue());
                }
            }
        }
        if (client == null && request.getAttribute(OperatorAction.CLIENT_ATTRIBUTE) instanceof String named) {
            client = named;
        }
        if (request.getAttribute(OperatorAction.TARGET_ATTRIBUTE) instanceof String more) {
            target.add(more);
        }
        for (String param : action.params()) {
            if (request.getParameter(param) != null) {
                target.add(param + "=" + request.getParameter(param));
            }
        }
        // an exception no handler answered ends as a server error whatever the status says so far
        int status = ex != null && response.getStatus() < 400 ? 500 : response.getStatus();
        Principal user = request.getUserPrincipal();
        audit.record(new OperatorAudit.Entry(user == null ? "anonymous" : user.getName(), request.getRemoteAddr(),
                action.value(), client, String.join(", ", target), status,
                ex != null ? ex.toString() : (String) request.getAttribute(OperatorAction.DETAIL_ATTRIBUTE)));
    }
}
