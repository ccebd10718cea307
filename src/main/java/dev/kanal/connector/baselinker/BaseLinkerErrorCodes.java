package dev.kanal.connector.baselinker;

import java.util.Set;

/**
 * What an {@code error_code} in BaseLinker's failure answer means to Kanal (docs/decisions/0031).
 * BaseLinker answers every failure with HTTP 200 and publishes no list of codes, so the table
 * names the codes whose meaning is known and treats every other code as a refusal: a request
 * BaseLinker read and turned down is deterministic, and retrying it only spends the budget.
 */
final class BaseLinkerErrorCodes {

    /** How Kanal handles a code. */
    enum Kind {
        /** Over 100 requests a minute: the token is blocked for a while. Wait, then try again. */
        RATE_LIMITED,
        /** The token or the account is refused: nothing works until someone fixes the credentials. */
        CREDENTIALS,
        /** The request is wrong: it fails the same way again. */
        REFUSED
    }

    /** The answer to going over the limit (shared/api-contracts.md 4.1): a blocked token, not a 429. */
    static final String BLOCKED_TOKEN = "ERROR_BLOCKED_TOKEN";
    /** Token missing, unknown or revoked; the account behind it blocked. */
    static final Set<String> CREDENTIAL_CODES = Set.of("ERROR_BAD_TOKEN", "ERROR_EMPTY_TOKEN", "ERROR_USER_ACCOUNT_BLOCKED");

    private BaseLinkerErrorCodes() {
    }

    static Kind kind(String errorCode) {
        if (BLOCKED_TOKEN.equals(errorCode)) {
            return Kind.RATE_LIMITED;
        }
        if (errorCode != null && CREDENTIAL_CODES.contains(errorCode)) {
            return Kind.CREDENTIALS;
        }
        return Kind.REFUSED;
    }
}
