package com.example.quickstart;

import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/** Prints one line per test, so the quickstart's output shows what ran against the cluster. */
public class PrintResults implements TestWatcher {

    /** "oneTenantsQueryGoesToOneShard" becomes "one tenants query goes to one shard". */
    private static String name(ExtensionContext context) {
        String method = context.getTestMethod().map(m -> m.getName()).orElse(context.getDisplayName());
        return method.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public void testSuccessful(ExtensionContext context) {
        System.out.println("  [passed]  " + name(context));
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        System.out.println("  [FAILED]  " + name(context) + ": " + cause.getMessage());
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        System.out.println("  [skipped] " + name(context) + reason.map(r -> ": " + r).orElse(""));
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        System.out.println("  [skipped] " + name(context) + ": " + cause.getMessage());
    }
}
