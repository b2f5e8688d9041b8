/**
 * PNG and JPEG bytes to upright RGB pixels: format sniffing, size limits checked from the header, EXIF
 * orientation.
 */
package io.facegate.decode;
