package io.facegate.gpio;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Finding a chip by label in a copy of the sysfs layout of a Pi 5 on kernel 6.6.47+ (two chips). */
class ChipNameTest {

    @TempDir
    Path sys;

    private void chip(String base, String label, String device) throws Exception {
        Path dir = Files.createDirectories(sys.resolve("gpiochip" + base));
        Files.writeString(dir.resolve("label"), label + "\n");
        Files.createDirectories(dir.resolve("device").resolve(device));
    }

    @Test
    void aLabelBecomesTheDeviceNameWhateverItsNumber() throws Exception {
        chip("512", "gpio-brcmstb@107d508500", "gpiochip1");
        chip("571", "pinctrl-rp1", "gpiochip0");
        assertThat(Gpio.chipName("pinctrl-rp1", sys), is("gpiochip0"));
        assertThat(Gpio.chipName("gpiochip4", sys), is("gpiochip4"));
    }

    @Test
    void anUnknownLabelIsAnErrorListingTheLabelsFound() throws Exception {
        chip("512", "pinctrl-bcm2711", "gpiochip0");
        GpioException e = assertThrows(GpioException.class, () -> Gpio.chipName("pinctrl-rp1", sys));
        assertThat(e.getMessage(), containsString("no GPIO chip labelled 'pinctrl-rp1'; labels found: [pinctrl-bcm2711]"));
    }
}
