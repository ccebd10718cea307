package dev.kanal.ops;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an admin API handler method as an operator action: every call of it is written to the
 * operator audit ({@link OperatorAudit}) once answered, with the caller, the client (path
 * variable {@code client}), the target (the other path variables and the request parameters
 * named in {@link #params()}) and the answer's status.
 *
 * <p>Which role may call it is decided by URL in {@code SecurityConfiguration}; a new write
 * endpoint under {@code /admin} is the admin's until it is listed there for operators.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface OperatorAction {

    /**
     * Request attributes a handler may set to say more than its path does: the client the action
     * touched (when no {@code client} path variable names it), a further target, and the detail
     * (what was done: how many messages, where to). The audit row takes them.
     */
    String CLIENT_ATTRIBUTE = "dev.kanal.ops.OperatorAction.client";
    String TARGET_ATTRIBUTE = "dev.kanal.ops.OperatorAction.target";
    String DETAIL_ATTRIBUTE = "dev.kanal.ops.OperatorAction.detail";

    /** The action's name in the audit, e.g. {@code orders.cancel}. */
    String value();

    /** Request parameters that name the target too (e.g. {@code reason} of a release). */
    String[] params() default {};
}
