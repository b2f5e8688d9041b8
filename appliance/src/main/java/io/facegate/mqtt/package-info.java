/**
 * MQTT: the cameras' face presence, face counts and states and the outputs' states published to a broker, retained,
 * with Home Assistant discovery, an availability topic with a last will, and (only with {@code mqtt.commands}) a pulse
 * request per output. The HiveMQ MQTT Client does the protocol; nothing here ever blocks a camera or an output.
 */
package io.facegate.mqtt;
