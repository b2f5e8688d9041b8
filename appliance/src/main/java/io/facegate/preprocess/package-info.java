/**
 * Image regions into model inputs: letterboxing and resampling, and the transform back to image pixels.
 */
package io.facegate.preprocess;
