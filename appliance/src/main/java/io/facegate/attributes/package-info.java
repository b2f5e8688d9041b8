/**
 * What a detected face looks like beyond its box: landmarks, pose and quality from the detector's keypoints, and
 * the optional attributes (face mesh, iris, emotion, faceres and the trained heads) a caller asks for.
 */
package io.facegate.attributes;
