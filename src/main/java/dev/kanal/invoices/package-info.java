/**
 * Flow 6, documents back: the ERP's sale documents (invoices, receipts) found by the invoice
 * poll, sent once to their order's channel through {@code kanal.invoices}, and the signed links
 * that serve their PDFs to shop customers (docs/decisions/0024).
 */
package dev.kanal.invoices;
