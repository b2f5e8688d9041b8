package io.facegate.mqtt;

/** The MQTT settings cannot be used (a file unreadable, a key of an unknown kind); the message names the key. */
public final class MqttSetupException extends Exception {

    public MqttSetupException(String message) {
        super(message, null, false, false);
    }
}
