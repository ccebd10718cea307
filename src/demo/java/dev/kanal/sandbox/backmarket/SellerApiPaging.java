package dev.kanal.sandbox.backmarket;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Paging and parameters as the Back Market seller API has them for every list ({@code page},
 * {@code page-size} up to 50, {@code count}/{@code next}/{@code previous}/{@code results}, 404
 * "Invalid page." past the last page) and its 400 for a bad parameter.
 */
final class SellerApiPaging {

    static final int DEFAULT_PAGE_SIZE = 10;
    static final int MAX_PAGE_SIZE = 50;

    private SellerApiPaging() {
    }

    /** The requested page, validated. */
    record Page(int number, int size) {

        static Page of(String pageParam, String pageSizeParam) {
            int number = intParam("page", pageParam, 1);
            int size = intParam("page-size", pageSizeParam, DEFAULT_PAGE_SIZE);
            if (number < 1) {
                throw badParameter("page must be at least 1");
            }
            if (size < 1 || size > MAX_PAGE_SIZE) {
                throw badParameter("page-size must be between 1 and " + MAX_PAGE_SIZE);
            }
            return new Page(number, size);
        }

        /** The list's body for this page; call under the seller's lock. */
        <T> Map<String, Object> of(List<T> matching, Function<T, Object> toJson) {
            int pages = Math.max(1, (matching.size() + size - 1) / size);
            if (number > pages) {
                throw SandboxError.v1(HttpStatus.NOT_FOUND, "not_found", "Invalid page.");
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("count", matching.size());
            body.put("next", number < pages ? pageUrl(number + 1) : null);
            body.put("previous", number > 1 ? pageUrl(number - 1) : null);
            body.put("results", matching.subList((number - 1) * size, Math.min(matching.size(), number * size))
                    .stream().map(toJson).toList());
            return body;
        }
    }

    /** Absolute like the real API's: same URL and filters, another page. */
    private static String pageUrl(int page) {
        return ServletUriComponentsBuilder.fromCurrentRequest().replaceQueryParam("page", page).build().toUriString();
    }

    static int intParam(String name, String value, int fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw badParameter(name + " must be an integer");
        }
    }

    static SandboxError badParameter(String message) {
        return SandboxError.v1(HttpStatus.BAD_REQUEST, "invalid_parameter", message);
    }
}
