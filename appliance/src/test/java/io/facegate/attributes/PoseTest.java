package io.facegate.attributes;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.facegate.detect.Detection;
import io.facegate.detect.Point;
import io.facegate.face.Face;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThan;

class PoseTest {

    /** A frontal face: eyes level, nose centred between the ears, 55 % of the way from eyes to mouth. */
    private static final List<Point> FRONTAL = List.of(new Point(40, 50), new Point(60, 50), new Point(50, 61),
            new Point(50, 70), new Point(25, 55), new Point(75, 55));

    @Test
    void frontalFaceIsLevel() {
        Face.Pose pose = DefaultAttributes.pose(face(FRONTAL));
        assertThat(pose.roll(), closeTo(0, 1e-6));
        assertThat(pose.yaw(), closeTo(0, 1e-6));
        assertThat(pose.pitch(), closeTo(0, 1e-6));
    }

    @Test
    void noseTowardsImageRightIsPositiveYawAndMirrorFlipsIt() {
        List<Point> turned = List.of(FRONTAL.get(0), FRONTAL.get(1), new Point(58, 61), new Point(55, 70),
                FRONTAL.get(4), FRONTAL.get(5));
        double yaw = DefaultAttributes.pose(face(turned)).yaw();
        assertThat(yaw, greaterThan(10.0));
        assertThat(DefaultAttributes.pose(face(mirror(turned))).yaw(), closeTo(-yaw, 1e-6));
    }

    @Test
    void noseCloserToTheEyesIsLookingUp() {
        List<Point> up = List.of(FRONTAL.get(0), FRONTAL.get(1), new Point(50, 56), FRONTAL.get(3), FRONTAL.get(4),
                FRONTAL.get(5));
        assertThat(DefaultAttributes.pose(face(up)).pitch(), greaterThan(10.0));
        List<Point> down = List.of(FRONTAL.get(0), FRONTAL.get(1), new Point(50, 66), FRONTAL.get(3), FRONTAL.get(4),
                FRONTAL.get(5));
        assertThat(DefaultAttributes.pose(face(down)).pitch(), lessThan(-10.0));
    }

    @Test
    void rotatingTheImageClockwiseGivesPositiveRollAndKeepsYawAndPitch() {
        List<Point> turned = List.of(FRONTAL.get(0), FRONTAL.get(1), new Point(56, 59), new Point(53, 70),
                FRONTAL.get(4), FRONTAL.get(5));
        Face.Pose upright = DefaultAttributes.pose(face(turned));
        Face.Pose rotated = DefaultAttributes.pose(face(rotate(turned, Math.toRadians(20))));
        assertThat(rotated.roll(), closeTo(20, 1e-6));
        assertThat(rotated.yaw(), closeTo(upright.yaw(), 1e-6));
        assertThat(rotated.pitch(), closeTo(upright.pitch(), 1e-6));
    }

    private static Detection face(List<Point> keypoints) {
        return new Detection(20, 40, 60, 60, 0.9, keypoints);
    }

    /** Mirror about x = 50; the subject's right eye is then the other image point, so keypoint pairs swap. */
    private static List<Point> mirror(List<Point> k) {
        return List.of(flip(k.get(1)), flip(k.get(0)), flip(k.get(2)), flip(k.get(3)), flip(k.get(5)), flip(k.get(4)));
    }

    private static Point flip(Point p) {
        return new Point(100 - p.x(), p.y());
    }

    /** Rotate clockwise on screen (y down) about (50, 60). */
    private static List<Point> rotate(List<Point> k, double angle) {
        return k.stream().map(p -> {
            double dx = p.x() - 50;
            double dy = p.y() - 60;
            return new Point(50 + dx * Math.cos(angle) - dy * Math.sin(angle), 60 + dx * Math.sin(angle) + dy * Math.cos(angle));
        }).toList();
    }
}
