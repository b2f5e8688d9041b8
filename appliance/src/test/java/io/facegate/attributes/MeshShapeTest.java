package io.facegate.attributes;

import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.is;

/** The shape feature keeps the mesh's form and drops where the face is, how large and how rolled. */
class MeshShapeTest {

    @Test
    void movingScalingAndRollingTheFaceLeaveTheShapeUnchanged() {
        double[][] points = randomMesh();
        double[] shape = MeshGeometry.shape(mesh(points));
        double angle = Math.toRadians(30);
        double[][] moved = new double[points.length][];
        for (int i = 0; i < points.length; i++) {
            double x = points[i][0];
            double y = points[i][1];
            moved[i] = new double[] {2.5 * (x * Math.cos(angle) - y * Math.sin(angle)) + 300,
                    2.5 * (x * Math.sin(angle) + y * Math.cos(angle)) - 40, 2.5 * points[i][2] + 9};
        }
        double[] again = MeshGeometry.shape(mesh(moved));
        assertThat(again.length, is(MeshGeometry.SHAPE_LENGTH));
        for (int i = 0; i < shape.length; i++) {
            assertThat(again[i], closeTo(shape[i], 1e-9));
        }
    }

    @Test
    void outerEyeCornersSitHalfAUnitEitherSideOfTheOrigin() {
        double[] shape = MeshGeometry.shape(mesh(randomMesh()));
        assertThat(shape[3 * 33], closeTo(-0.5, 1e-9));
        assertThat(shape[3 * 33 + 1], closeTo(0, 1e-9));
        assertThat(shape[3 * 263], closeTo(0.5, 1e-9));
        assertThat(shape[3 * 263 + 1], closeTo(0, 1e-9));
    }

    private static double[][] randomMesh() {
        Random random = new Random(3);
        double[][] points = new double[468][];
        for (int i = 0; i < points.length; i++) {
            points[i] = new double[] {100 + 60 * random.nextDouble(), 80 + 70 * random.nextDouble(),
                    10 * random.nextGaussian()};
        }
        return points;
    }

    private static FaceMesh.Mesh mesh(double[][] image) {
        return new FaceMesh.Mesh(image, image, 0, 1, new double[2], new double[2]);
    }
}
