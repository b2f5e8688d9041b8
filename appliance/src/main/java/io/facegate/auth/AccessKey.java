package io.facegate.auth;

import java.util.Set;

/** One caller: its access key id, its secret and the actions (such as {@code rekognition:DetectFaces}) it may call. */
public record AccessKey(String id, String secret, Set<String> actions) {

    public AccessKey {
        actions = Set.copyOf(actions);
    }

    public boolean allows(String action) {
        return actions.contains(action) || actions.contains("*");
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "AccessKey[" + id + ", actions=" + actions + "]";
    }
}
