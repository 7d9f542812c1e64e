package dev.keyslot.datanode.replication;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Numeric fields of INFO ("name:value") and CLIENT LIST ("name=value") text. */
final class InfoFields {
    private InfoFields() {
    }

    static long number(String text, String name) {
        Matcher m = Pattern.compile("(?:^|[\\s\\n])" + Pattern.quote(name) + "[:=](\\d+)").matcher(text);
        assertThat(m.find()).as(name + " in " + text).isTrue();
        return Long.parseLong(m.group(1));
    }
}
