package org.parley.channel.wechat.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Activation refuses every wrong value with a message naming the configuration and the key, never a secret. */
class WeChatSettingsTest {

    private static final URI API = URI.create("http://127.0.0.1:9");
    private static final String WHERE = "org.parley.channel.wechat-brand: ";

    private static WeChatSettings with(String key, String value) {
        Map<String, String> overrides = new HashMap<>();
        overrides.put(key, value);
        return TestAccounts.settings(API, overrides);
    }

    @Test
    void theDefaultsAreWeChatsOwn() {
        WeChatSettings settings = TestAccounts.settings(URI.create("https://api.weixin.qq.com"), Map.of("connectTimeout",
                "PT10S", "readTimeout", "PT30S"));
        assertThat(settings.account()).isEqualTo("brand");
        assertThat(settings.mode()).isEqualTo(WeChatSettings.Mode.PLAIN);
        assertThat(settings.encodingAesKey()).isNull();
        assertThat(settings.apiBaseUrl()).isEqualTo(URI.create("https://api.weixin.qq.com"));
        assertThat(settings.freshness()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.replyWindow()).isEqualTo(Duration.ofHours(48));
        assertThat(settings.requireApproval()).isFalse();
        assertThat(settings.toString()).doesNotContain(TestAccounts.APP_SECRET, TestAccounts.TOKEN);
    }

    @Test
    void missingAndPlaceholderCredentialsAreNamed() {
        assertThatThrownBy(() -> with("appId", null)).hasMessageStartingWith(WHERE + "appId is missing");
        assertThatThrownBy(() -> with("appSecret", "")).hasMessageStartingWith(WHERE + "appSecret is missing");
        assertThatThrownBy(() -> with("token", "REPLACE_WITH_TOKEN"))
                .hasMessageStartingWith(WHERE + "token is still the sample's placeholder");
    }

    @Test
    void malformedValuesAreRefusedWithoutRepeatingSecrets() {
        assertThatThrownBy(() -> with("appId", "1234")).hasMessageContaining("appId '1234' is not a WeChat AppID");
        assertThatThrownBy(() -> with("appSecret", "too-short-secret!"))
                .hasMessageStartingWith(WHERE + "appSecret is not 32 letters or digits")
                .hasMessageNotContaining("too-short-secret!");
        assertThatThrownBy(() -> with("token", "has space"))
                .hasMessageStartingWith(WHERE + "token is not 3 to 32 letters or digits").hasMessageNotContaining("has space");
        assertThatThrownBy(() -> with("mode", "encrypted")).hasMessage(WHERE + "mode 'encrypted' must be plain or safe");
    }

    @Test
    void theApiMustBeHttpsExceptOnThisMachine() {
        assertThatThrownBy(() -> with("apiBaseUrl", "http://api.weixin.qq.com"))
                .hasMessageContaining("apiBaseUrl 'http://api.weixin.qq.com' must be https");
        assertThatThrownBy(() -> with("apiBaseUrl", "https://api.weixin.qq.com/cgi-bin"))
                .hasMessageContaining("must be the API's root URL");
        assertThatThrownBy(() -> with("apiBaseUrl", "https://user:pw@api.weixin.qq.com"))
                .hasMessageContaining("must not carry credentials");
        assertThat(with("apiBaseUrl", "https://API.weixin.qq.com/").apiBaseUrl()).hasToString("https://api.weixin.qq.com");
    }

    @Test
    void windowsAreBoundedByWhatWeChatAllows() {
        assertThatThrownBy(() -> with("freshness", "PT2S")).hasMessageContaining("freshness 'PT2S' must be between");
        assertThatThrownBy(() -> with("freshness", "PT2H")).hasMessageContaining("freshness 'PT2H' must be between");
        assertThatThrownBy(() -> with("freshness", "soon")).hasMessageContaining("freshness 'soon' is not an ISO-8601 duration");
        assertThatThrownBy(() -> with("replyWindow", "PT49H")).hasMessageContaining("longer than WeChat's 48 hours");
        assertThat(with("freshness", "120").freshness()).isEqualTo(Duration.ofMinutes(2));
        assertThatThrownBy(() -> with("requireApproval", "yes")).hasMessage(WHERE + "requireApproval 'yes' must be true or false");
    }

    @Test
    void theAccountIsTheConfigurationsNameUnlessSet() {
        assertThat(with("account", "cn-shop").account()).isEqualTo("cn-shop");
        assertThatThrownBy(() -> with("account", "商店")).hasMessageContaining("account '商店' must be 1 to 64 letters");
    }
}
