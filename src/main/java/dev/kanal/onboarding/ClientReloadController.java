package dev.kanal.onboarding;

import dev.kanal.ops.OperatorAction;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /admin/clients/reload}: reads every client file again without a restart (admin
 * only, audited as {@code clients.reload}). 200 with what changed; 422 with the problems, as
 * {@code validate} reports them, when a file is broken, and then nothing changed. A reload that
 * changed something is announced to the other nodes on the broker, which reload too.
 */
@RestController
class ClientReloadController {

    private final ClientReloadBroadcast reload;

    ClientReloadController(ClientReloadBroadcast reload) {
        this.reload = reload;
    }

    @PostMapping("/admin/clients/reload")
    @OperatorAction("clients.reload")
    ResponseEntity<ClientReload.Outcome> reload(HttpServletRequest request) {
        ClientReload.Outcome outcome = reload.reloadHere();
        request.setAttribute(OperatorAction.DETAIL_ATTRIBUTE, outcome.summary());
        return ResponseEntity.status(outcome.applied() ? HttpStatus.OK : HttpStatus.UNPROCESSABLE_ENTITY).body(outcome);
    }
}
