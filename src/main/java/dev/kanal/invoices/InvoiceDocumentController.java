package dev.kanal.invoices;

import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves an invoice's PDF to whoever holds its signed link ({@link InvoiceLinks}), without a login:
 * shop customers follow it from the order note. The signature is checked before anything is
 * looked up, so a link can neither be forged nor used to probe which invoices exist: a bad
 * signature and an expired link are 403, a good link to an invoice that is gone (or has no PDF
 * yet) is 404.
 */
@RestController
class InvoiceDocumentController {

    private final InvoiceLinks links;
    private final JdbcTemplate jdbc;

    InvoiceDocumentController(InvoiceLinks links, JdbcTemplate jdbc) {
        this.links = links;
        this.jdbc = jdbc;
    }

    @GetMapping(InvoiceLinks.PATH + "{id:\\d{1,18}}.pdf")
    ResponseEntity<?> pdf(@PathVariable long id, @RequestParam(name = "expires", required = false) String expires,
            @RequestParam(name = "signature", required = false) String signature) {
        switch (links.check(id, expires, signature)) {
            case BAD_SIGNATURE -> {
                return text(HttpStatus.FORBIDDEN, "This invoice link is not valid.");
            }
            case EXPIRED -> {
                return text(HttpStatus.FORBIDDEN, "This invoice link has expired: ask the shop for a new one.");
            }
            default -> {
            }
        }
        List<Object[]> found = jdbc.query("SELECT document_number, pdf FROM invoice WHERE id = ? AND pdf IS NOT NULL",
                (rs, n) -> new Object[] {rs.getString(1), rs.getBytes(2)}, id);
        if (found.isEmpty()) {
            return text(HttpStatus.NOT_FOUND, "No such invoice.");
        }
        String fileName = InvoiceSender.fileName((String) found.get(0)[0]);
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline().filename(fileName).build().toString())
                .cacheControl(CacheControl.noStore())
                .body(found.get(0)[1]);
    }

    private static ResponseEntity<String> text(HttpStatus status, String message) {
        return ResponseEntity.status(status).contentType(MediaType.TEXT_PLAIN).cacheControl(CacheControl.noStore()).body(message);
    }
}
