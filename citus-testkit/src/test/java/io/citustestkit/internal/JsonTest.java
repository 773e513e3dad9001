package io.citustestkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void readsObjectsArraysAndScalarsKeepingKeyOrder() {
        Object value = Json.parse(" {\"b\": [1, -2.50, true, false, null], \"a\": {\"x\": \"y\"}} ");

        assertThat(value).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) value;
        assertThat(map.keySet()).containsExactly("b", "a");
        assertThat(map.get("b")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .containsExactly(1L, new BigDecimal("-2.50"), true, false, null);
        assertThat(map.get("a")).isEqualTo(Map.of("x", "y"));
    }

    @Test
    void readsStringEscapes() {
        assertThat(Json.parse("\"a\\\"b\\\\c\\/d\\n\\t\\u00e9\"")).isEqualTo("a\"b\\c/d\n\t\u00e9");
    }

    @Test
    void readsEmptyContainers() {
        assertThat(Json.parse("[]")).isEqualTo(List.of());
        assertThat(Json.parse("{}")).isEqualTo(Map.of());
    }

    @Test
    void namesTheOffsetOfASyntaxError() {
        assertThatThrownBy(() -> Json.parse("[1, 2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("offset 5");
        assertThatThrownBy(() -> Json.parse("{\"a\" 1}"))
                .hasMessageContaining("expected ':' at offset 5");
        assertThatThrownBy(() -> Json.parse("[1] x"))
                .hasMessageContaining("expected end of input");
        assertThatThrownBy(() -> Json.parse("Custom Scan"))
                .hasMessageContaining("not valid JSON");
    }
}
