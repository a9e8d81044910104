package dev.dromedary.security;

import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretBoxTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String OTHER_KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

    @Test
    void sealedValuesOpenWithTheSameKeyAndProviderOnly() {
        SecretBox box = SecretBox.fromBase64(KEY);
        String sealed = box.seal("sk-provider-secret", "deepseek");
        assertThat(sealed).startsWith("v1:").doesNotContain("sk-provider-secret");
        assertThat(box.open(sealed, "deepseek")).isEqualTo("sk-provider-secret");
        assertThatThrownBy(() -> box.open(sealed, "openrouter")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SecretBox.fromBase64(OTHER_KEY).open(sealed, "deepseek"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eachSealUsesAFreshNonceAndAlteredValuesAreRefused() {
        SecretBox box = SecretBox.fromBase64(KEY);
        String a = box.seal("same", "p");
        assertThat(box.seal("same", "p")).isNotEqualTo(a);
        byte[] raw = Base64.getDecoder().decode(a.substring(3));
        raw[raw.length - 1] ^= 1;
        String altered = "v1:" + Base64.getEncoder().encodeToString(raw);
        assertThatThrownBy(() -> box.open(altered, "p")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aKeyThatIsNot32BytesOfBase64IsRefusedWithTheHowTo() {
        assertThatThrownBy(() -> SecretBox.fromBase64("short")).hasMessageContaining("openssl rand -base64 32");
        assertThatThrownBy(() -> SecretBox.fromBase64("!!!")).hasMessageContaining("base64");
    }
}
