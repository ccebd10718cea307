package dev.kanal.sandbox.backmarket;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Back Market's {@code POST /ws/orders/{order_id}/invoice} ("Update customer invoice for order"),
 * emulated: a {@code multipart/form-data} body whose field {@code invoice} holds one or more files
 * (the spec: an array of binary). Requests pass the seller API's gate (token, faults, rate limit,
 * mandatory headers). Answers, as the spec lists them: 200 with no body once the files are kept
 * (they replace the order's invoice before), 404 for an order the seller does not have, 400 for a
 * body that is not multipart, has no {@code invoice} file, a file that is not a PDF
 * ({@code application/pdf} starting with {@code %PDF-}; the spec does not say, Back Market shows
 * invoices as PDFs) or a file over the seller's limit ({@value #DEFAULT_MAX_BYTES} bytes unless
 * {@code PUT /_control/invoices} sets another; the spec gives no number). Anything over the
 * server's own multipart limit (1 MB a file) is refused by the server before it gets here, 413.
 *
 * <p>Control (not Back Market's): {@code GET /_control/orders/{order_id}} shows the kept files and
 * {@code invoice_uploads}; {@code GET /_control/orders/{order_id}/invoice/{n}} downloads file n.
 */
@RestController
@ConditionalOnProperty(prefix = "kanal.sandbox", name = "enabled", havingValue = "true", matchIfMissing = true)
class BackMarketSandboxInvoices {

    /** The sandbox's own limit per file, below the server's multipart limit so its 400 is what a client meets. */
    static final long DEFAULT_MAX_BYTES = 1_000_000;
    static final String FIELD = "invoice";

    private final BackMarketSandboxController gate;
    private final BackMarketSandbox sandbox;

    BackMarketSandboxInvoices(BackMarketSandboxController gate, BackMarketSandbox sandbox) {
        this.gate = gate;
        this.sandbox = sandbox;
    }

    @PostMapping(path = "/sandbox/backmarket/ws/orders/{orderId}/invoice")
    ResponseEntity<Void> upload(HttpServletRequest request, @PathVariable String orderId) throws IOException {
        SandboxSeller seller = gate.admit(request, "POST /ws/orders/{order_id}/invoice");
        SandboxOrder order = order(seller, orderId);
        String type = request.getContentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith(MediaType.MULTIPART_FORM_DATA_VALUE)) {
            throw invalid("the invoice is sent as multipart/form-data with the file in the field '" + FIELD + "'; got "
                    + (type == null ? "no Content-Type" : type));
        }
        List<Part> files;
        try {
            files = request.getParts().stream().filter(p -> FIELD.equals(p.getName())).toList();
        } catch (ServletException e) {
            throw invalid("the multipart body cannot be read: " + e.getMessage());
        }
        if (files.isEmpty()) {
            throw invalid("the field '" + FIELD + "' is required: the invoice file");
        }
        long maxBytes = seller.invoiceMaxBytes();
        List<SandboxOrder.InvoiceFile> kept = new ArrayList<>();
        for (Part file : files) {
            if (file.getSubmittedFileName() == null) {
                throw invalid("'" + FIELD + "' must be a file (a part with a filename), not a text field");
            }
            if (file.getSize() > maxBytes) {
                throw invalid("the invoice file " + file.getSubmittedFileName() + " has " + file.getSize()
                        + " bytes; at most " + maxBytes + " are accepted");
            }
            byte[] content;
            try (InputStream in = file.getInputStream()) {
                content = in.readAllBytes();
            }
            String contentType = file.getContentType() == null ? "" : file.getContentType().toLowerCase(Locale.ROOT);
            if (!contentType.startsWith(MediaType.APPLICATION_PDF_VALUE) || !isPdf(content)) {
                throw invalid("the invoice file " + file.getSubmittedFileName() + " must be a PDF (application/pdf); got "
                        + (contentType.isEmpty() ? "no content type" : contentType));
            }
            kept.add(new SandboxOrder.InvoiceFile(file.getSubmittedFileName(), MediaType.APPLICATION_PDF_VALUE, content,
                    SandboxOrder.now()));
        }
        seller.withLock(() -> {
            order.invoice.clear();
            order.invoice.addAll(kept);
            order.invoiceUploads++;
            return null;
        });
        return ResponseEntity.ok().build();
    }

    /** One kept invoice file of the order, as uploaded. */
    @GetMapping("/sandbox/backmarket/_control/orders/{orderId}/invoice/{index}")
    ResponseEntity<byte[]> download(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth,
            @PathVariable String orderId, @PathVariable int index) {
        SandboxSeller seller = sandbox.sellerForControl(auth);
        SandboxOrder order = order(seller, orderId);
        SandboxOrder.InvoiceFile file = seller.withLock(() -> index >= 0 && index < order.invoice.size() ? order.invoice.get(index) : null);
        if (file == null) {
            throw SandboxError.v1(HttpStatus.NOT_FOUND, "not_found", "Order " + orderId + " has no invoice file " + index);
        }
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(file.contentType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"" + file.fileName().replace("\"", "") + "\"")
                .body(file.content());
    }

    /** The seller's invoice limit: {@code {"max_bytes":N}}. */
    @PutMapping(path = "/sandbox/backmarket/_control/invoices", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> limits(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth,
            @RequestBody JsonNode body) {
        SandboxSeller seller = sandbox.sellerForControl(auth);
        if (!body.path("max_bytes").canConvertToLong()) {
            throw new IllegalArgumentException("max_bytes (a number of bytes) is required");
        }
        seller.setInvoiceMaxBytes(body.path("max_bytes").asLong());
        return Map.of("max_bytes", seller.invoiceMaxBytes());
    }

    @GetMapping(path = "/sandbox/backmarket/_control/invoices", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> limits(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth) {
        return Map.of("max_bytes", sandbox.sellerForControl(auth).invoiceMaxBytes());
    }

    static boolean isPdf(byte[] content) {
        byte[] magic = {'%', 'P', 'D', 'F', '-'};
        if (content.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (content[i] != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private static SandboxOrder order(SandboxSeller seller, String orderId) {
        long id;
        try {
            id = Long.parseLong(orderId);
        } catch (NumberFormatException e) {
            throw SandboxError.v1(HttpStatus.NOT_FOUND, "not_found", "Order " + orderId + " not found");
        }
        return seller.order(id).orElseThrow(() -> SandboxError.v1(HttpStatus.NOT_FOUND, "not_found",
                "Order not found, or it does not belong to the authenticated merchant."));
    }

    private static SandboxError invalid(String message) {
        return SandboxError.v1(HttpStatus.BAD_REQUEST, "invalid_request", message);
    }

    @ExceptionHandler(SandboxError.class)
    ResponseEntity<Object> sandboxError(SandboxError error) {
        return error.response();
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Object> invalidControl(IllegalArgumentException e) {
        return SandboxError.v1(HttpStatus.BAD_REQUEST, "invalid_request", e.getMessage()).response();
    }
}
