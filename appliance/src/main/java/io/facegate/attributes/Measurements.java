package io.facegate.attributes;

import java.util.Optional;

/**
 * What the attribute models said about one face, before any head decides: each part is present only when its model
 * ran. {@code emotion} is the 7-class softmax (angry, disgust, fear, happy, sad, surprise, neutral); {@code male} is
 * faceres' sigmoid; {@code age} the mean of its 100-bin softmax; {@code upperLip} is {@link MouthPatches#upperLip}
 * (empty without the mesh).
 */
public record Measurements(Optional<FaceMesh.Mesh> mesh, Optional<float[]> emotion, double male, double age,
                           Optional<float[]> descriptor, double eyeDarkness, double[] upperLip) {

    private static final String[] EMOTIONS = {"angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"};

    /** Features that are vectors; every other feature name is a scalar (see {@link #scalar}). */
    public static final java.util.Set<String> VECTORS = java.util.Set.of("descriptor", "upperLip", "shape");

    /**
     * A head's feature vector: the vectors {@code descriptor} (faceres' 1024 values), {@code upperLip} and
     * {@code shape} ({@link MeshGeometry#shape}), and scalar names, concatenated in order.
     */
    public double[] features(java.util.List<String> names) {
        int length = 0;
        for (String name : names) {
            length += switch (name) {
                case "descriptor" -> descriptor.orElseThrow().length;
                case "upperLip" -> upperLip.length;
                case "shape" -> MeshGeometry.SHAPE_LENGTH;
                default -> 1;
            };
        }
        double[] f = new double[length];
        int at = 0;
        for (String name : names) {
            if (name.equals("descriptor")) {
                for (float v : descriptor.orElseThrow()) {
                    f[at++] = v;
                }
            } else if (name.equals("upperLip")) {
                if (upperLip.length == 0) {
                    throw new IllegalStateException("upperLip needs the mesh");
                }
                for (double v : upperLip) {
                    f[at++] = v;
                }
            } else if (name.equals("shape")) {
                double[] shape = MeshGeometry.shape(mesh.orElseThrow());
                System.arraycopy(shape, 0, f, at, shape.length);
                at += shape.length;
            } else {
                f[at++] = scalar(name);
            }
        }
        return f;
    }

    /** The mesh's 468 points in image pixels ({x, y, z}); empty when the mesh did not run. */
    public double[][] meshPoints() {
        return mesh.map(FaceMesh.Mesh::image).orElse(new double[0][]);
    }

    /** The pupils in image pixels, {right x, right y, left x, left y}; empty when iris did not run. */
    public double[] pupils() {
        return mesh.filter(FaceMesh.Mesh::hasPupils)
                .map(m -> new double[] {m.rightPupil()[0], m.rightPupil()[1], m.leftPupil()[0], m.leftPupil()[1]})
                .orElse(new double[0]);
    }

    public double scalar(String name) {
        return switch (name) {
            case "angry", "disgust", "fear", "happy", "sad", "surprise", "neutral" ->
                    logit(emotion.orElseThrow()[java.util.Arrays.asList(EMOTIONS).indexOf(name)]);
            case "male" -> logit(male);
            case "lipGap" -> MeshGeometry.lipGap(mesh.orElseThrow());
            case "mouthWidth" -> MeshGeometry.mouthWidth(mesh.orElseThrow());
            case "cornerLift" -> MeshGeometry.cornerLift(mesh.orElseThrow());
            case "eyeOpening" -> MeshGeometry.eyeOpening(mesh.orElseThrow());
            case "eyeDarkness" -> eyeDarkness;
            case "upperLipDarkness" -> java.util.Arrays.stream(upperLip).average().orElseThrow();
            case "age" -> age;
            default -> throw new IllegalArgumentException("unknown feature " + name);
        };
    }

    private static double logit(double p) {
        double q = Math.max(1e-6, Math.min(1 - 1e-6, p));
        return Math.log(q / (1 - q));
    }
}
