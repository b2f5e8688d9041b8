/**
 * Running under systemd: readiness and watchdog notifications, and the unit's readiness check.
 */
package io.facegate.ops;
