package io.notespipeline.schemas.contract.internal;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import com.google.re2j.Pattern;

import dev.cel.runtime.CelFunctionBinding;

/**
 * CEL's {@code matches} with each pattern compiled once. The standard binding of {@code dev.cel:cel} compiles
 * the RE2 pattern on every call (it was ~96% of the publisher's time); this one keeps the compiled
 * {@link Pattern} per pattern string and otherwise has the same semantics as the standard binding under
 * the default {@code CelOptions}: RE2 syntax, partial match ({@code find}), no program-size limit, and a
 * pattern that does not compile is an evaluation error on every call (a failure is never cached).
 *
 * <p>Patterns normally come from a contract's rule literals, so the set is small; the cache stops growing
 * at {@value #MAX_PATTERNS} entries (further patterns are compiled per call, as the standard binding does).
 * Thread-safe.
 */
public final class CachedRegex {

    /** Most patterns kept compiled. */
    static final int MAX_PATTERNS = 1024;

    private static final ConcurrentHashMap<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    private CachedRegex() {
    }

    /** @return the bindings replacing the standard {@code matches} overloads (global and member form) */
    public static List<CelFunctionBinding> bindings() {
        return List.of(
                CelFunctionBinding.from("matches", String.class, String.class, CachedRegex::matches),
                CelFunctionBinding.from("matches_string", String.class, String.class, CachedRegex::matches));
    }

    /** @return whether {@code regex} (RE2) finds a match in {@code string}, as CEL's standard {@code matches} */
    public static boolean matches(String string, String regex) {
        return pattern(regex).matcher(string).find();
    }

    static Pattern pattern(String regex) {
        Pattern cached = PATTERNS.get(regex);
        if (cached != null) {
            return cached;
        }
        Pattern compiled = Pattern.compile(regex);
        if (PATTERNS.size() < MAX_PATTERNS) {
            PATTERNS.putIfAbsent(regex, compiled);
        }
        return compiled;
    }
}
