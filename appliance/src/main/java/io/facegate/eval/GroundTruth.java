package io.facegate.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The faces of an evaluation folder's {@code boxes.tsv} (WIDER layout: left, top, width, height in pixels). */
record GroundTruth(Map<String, List<Face>> facesByImage) {

    /** One labelled face; {@code invalid} faces are ignore regions. */
    record Face(double left, double top, double width, double height, boolean invalid) {
    }

    static GroundTruth read(Path boxesTsv) throws IOException {
        List<String> lines = Files.readAllLines(boxesTsv);
        List<String> header = List.of(lines.getFirst().split("\t"));
        int path = header.indexOf("image_relative_path");
        int left = header.indexOf("left");
        int top = header.indexOf("top");
        int width = header.indexOf("width");
        int height = header.indexOf("height");
        int invalid = header.indexOf("invalid");
        Map<String, List<Face>> faces = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            faces.computeIfAbsent(f[path], k -> new ArrayList<>()).add(new Face(
                    Double.parseDouble(f[left]), Double.parseDouble(f[top]), Double.parseDouble(f[width]),
                    Double.parseDouble(f[height]), invalid >= 0 && f[invalid].equals("1")));
        }
        return new GroundTruth(faces);
    }
}
