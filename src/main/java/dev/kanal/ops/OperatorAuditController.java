package dev.kanal.ops;

import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** {@code GET /admin/audit?client=&limit=}: the newest operator actions (operator and admin may read them). */
@RestController
class OperatorAuditController {

    private final OperatorAudit audit;

    OperatorAuditController(OperatorAudit audit) {
        this.audit = audit;
    }

    /** Newest first; {@code client} narrows to one client, {@code limit} is 1 to 1000. */
    @GetMapping("/admin/audit")
    List<Map<String, Object>> newest(@RequestParam(required = false) String client,
                                     @RequestParam(defaultValue = "100") int limit) {
        return audit.newest(client == null || client.isBlank() ? null : client, limit);
    }

    /** Audits the admin API's {@link OperatorAction} handler methods. */
    @Configuration(proxyBeanMethods = false)
    static class Interceptors implements WebMvcConfigurer {

        private final OperatorAudit audit;

        Interceptors(OperatorAudit audit) {
            this.audit = audit;
        }

        @Override
        public void addInterceptors(InterceptorRegistry registry) {
            registry.addInterceptor(new OperatorAuditInterceptor(audit)).addPathPatterns("/admin/**");
        }
    }
}
