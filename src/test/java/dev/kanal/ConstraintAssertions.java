package dev.kanal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Locale;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.springframework.dao.DataIntegrityViolationException;

/** Asserts that an action is rejected by one named database constraint, not just by any error. */
final class ConstraintAssertions {

    private ConstraintAssertions() {
    }

    static void assertViolates(String constraintName, ThrowingCallable action) {
        Throwable thrown = catchThrowable(action);
        assertThat(thrown).isInstanceOf(DataIntegrityViolationException.class);
        StringBuilder messages = new StringBuilder();
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        assertThat(messages.toString().toLowerCase(Locale.ROOT)).contains(constraintName);
    }
}
