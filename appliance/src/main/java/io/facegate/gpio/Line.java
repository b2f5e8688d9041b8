package io.facegate.gpio;

/** One output line, driven to an electrical level. */
interface Line {

    void drive(boolean high);

    /** The level last driven. */
    boolean high();
}
