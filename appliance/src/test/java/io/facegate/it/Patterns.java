package io.facegate.it;

import java.util.regex.Pattern;

import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

/** Hamcrest 1.3 has no regular-expression matcher; this is the one the tests use. */
final class Patterns {

    private Patterns() {
    }

    static Matcher<String> matchesPattern(String regex) {
        Pattern pattern = Pattern.compile(regex);
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(String item) {
                return pattern.matcher(item).matches();
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a string matching /" + regex + "/");
            }
        };
    }
}
