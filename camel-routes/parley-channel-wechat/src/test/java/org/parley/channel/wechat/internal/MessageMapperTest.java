package org.parley.channel.wechat.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.api.IngestBatch;
import org.parley.api.Interaction;
import org.parley.api.InteractionKind;
import org.parley.api.InteractionValidator;
import org.parley.ingress.Delivery;

/** Each MsgType and event as WeChat documents it, and bodies that must not be read. */
class MessageMapperTest {

    private static final long TS = 1750003200L; // 2025-06-15T16:00:00Z
    private static final String HEAD = "<xml><ToUserName><![CDATA[" + TestAccounts.GH + "]]></ToUserName>"
            + "<FromUserName><![CDATA[" + TestAccounts.OPEN_ID + "]]></FromUserName><CreateTime>" + TS + "</CreateTime>";

    @TempDir
    Path dir;

    private final MessageMapper mapper = new MessageMapper("brand", new InteractionValidator());

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private Interaction map(String xml) {
        return mapper.map(utf8(xml));
    }

    @Test
    void aTextMessageIsADirectMessageFromTheOpenIdWithItsChineseTextIntact() {
        String words = "你好，我的订单 #2025 还没到 😟 <b>急</b>";
        Interaction in = map(TestAccounts.text("24602541234567890", TS, words));

        assertThat(in.channel()).isEqualTo("wechat");
        assertThat(in.account()).isEqualTo("brand");
        assertThat(in.kind()).isEqualTo(InteractionKind.DIRECT_MESSAGE);
        assertThat(in.externalId()).isEqualTo(TestAccounts.GH + ":24602541234567890");
        assertThat(in.text()).isEqualTo(words);
        assertThat(in.author().channel()).isEqualTo("wechat");
        assertThat(in.author().handle()).isEqualTo(TestAccounts.OPEN_ID);
        assertThat(in.occurredAt()).isEqualTo(Instant.ofEpochSecond(TS));
        assertThat(in.threadId()).isEqualTo(TestAccounts.GH + ":" + TestAccounts.OPEN_ID);
        assertThat(in.raw()).contains(words);
    }

    @Test
    void aBodyLaidOutOnSeveralLinesAsInWeChatsDocumentationIsReadTheSame() {
        String xml = """
                <xml>
                  <ToUserName><![CDATA[%s]]></ToUserName>
                  <FromUserName><![CDATA[%s]]></FromUserName>
                  <CreateTime>%d</CreateTime>
                  <MsgType><![CDATA[text]]></MsgType>
                  <Content><![CDATA[  第一行
                第二行  ]]></Content>
                  <MsgId>1234567890123456</MsgId>
                  <MsgDataId>xxxx</MsgDataId>
                  <Idx>xxxx</Idx>
                </xml>
                """.formatted(TestAccounts.GH, TestAccounts.OPEN_ID, TS);
        Interaction in = map(xml);
        assertThat(in.externalId()).isEqualTo(TestAccounts.GH + ":1234567890123456");
        assertThat(in.text()).as("the words as written, spaces and line break included").isEqualTo("  第一行\n第二行  ");
        assertThat(in.occurredAt()).isEqualTo(Instant.ofEpochSecond(TS));
    }

    @Test
    void aMenuScanEventWithNestedFieldsIsRead() {
        Interaction in = map(HEAD + "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[scancode_waitmsg]]></Event>"
                + "<EventKey><![CDATA[scan_1]]></EventKey><ScanCodeInfo><ScanType><![CDATA[qrcode]]></ScanType>"
                + "<ScanResult><![CDATA[https://example.com/x]]></ScanResult></ScanCodeInfo></xml>");
        assertThat(in.text()).isEqualTo("Scanned a code from the menu item scan_1 (scancode_waitmsg)");
    }

    @Test
    void aTextMessageInAnotherDeclaredEncodingIsDecodedByItsDeclaration() {
        String xml = "<?xml version=\"1.0\" encoding=\"GB18030\"?>" + TestAccounts.text("1", TS, "中文消息");
        Interaction in = mapper.map(xml.getBytes(java.nio.charset.Charset.forName("GB18030")));
        assertThat(in.text()).isEqualTo("中文消息");
    }

    @Test
    void anImageIsMediaWithoutText() {
        Interaction in = map(HEAD + "<MsgType><![CDATA[image]]></MsgType><PicUrl><![CDATA[http://mmbiz.qpic.cn/mmbiz_jpg/abc/0]]>"
                + "</PicUrl><MediaId><![CDATA[media_id_1]]></MediaId><MsgId>1234567890123456</MsgId></xml>");

        assertThat(in.kind()).isEqualTo(InteractionKind.DIRECT_MESSAGE);
        assertThat(in.text()).isEmpty();
        assertThat(in.media()).containsExactly("http://mmbiz.qpic.cn/mmbiz_jpg/abc/0");
        assertThat(in.externalId()).isEqualTo(TestAccounts.GH + ":1234567890123456");
    }

    @Test
    void aVoiceMessageIsItsRecognisedTextOrADeadLetter() {
        String voice = HEAD + "<MsgType><![CDATA[voice]]></MsgType><MediaId><![CDATA[m1]]></MediaId><Format><![CDATA[amr]]>"
                + "</Format>%s<MsgId>1234567890123457</MsgId></xml>";
        assertThat(map(voice.formatted("<Recognition><![CDATA[我想退货]]></Recognition>")).text()).isEqualTo("我想退货");
        assertThatThrownBy(() -> map(voice.formatted("")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("voice message without speech recognition");
    }

    @Test
    void videosAreDeadLettersWithTheReason() {
        for (String type : List.of("video", "shortvideo")) {
            assertThatThrownBy(() -> map(HEAD + "<MsgType><![CDATA[" + type + "]]></MsgType><MediaId><![CDATA[m]]></MediaId>"
                    + "<ThumbMediaId><![CDATA[t]]></ThumbMediaId><MsgId>1234567890123458</MsgId></xml>"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("a " + type + " message: Parley does not store WeChat videos");
        }
    }

    @Test
    void aLocationAndALinkBecomeText() {
        Interaction location = map(HEAD + "<MsgType><![CDATA[location]]></MsgType><Location_X>23.134521</Location_X>"
                + "<Location_Y>113.358803</Location_Y><Scale>20</Scale><Label><![CDATA[广州市天河区]]></Label>"
                + "<MsgId>1234567890123459</MsgId></xml>");
        assertThat(location.text()).isEqualTo("Shared a location: 广州市天河区 (23.134521, 113.358803)");

        Interaction link = map(HEAD + "<MsgType><![CDATA[link]]></MsgType><Title><![CDATA[新品]]></Title>"
                + "<Description><![CDATA[看看这个]]></Description><Url><![CDATA[https://example.com/p/1]]></Url>"
                + "<MsgId>1234567890123460</MsgId></xml>");
        assertThat(link.text()).isEqualTo("新品\n看看这个\nhttps://example.com/p/1");
    }

    @Test
    void followScanAndMenuClickBecomeInteractionsKeyedByOpenIdTimeAndEvent() {
        Interaction follow = map(TestAccounts.event("subscribe", "qrscene_spring-sale", TS));
        assertThat(follow.kind()).isEqualTo(InteractionKind.DIRECT_MESSAGE);
        assertThat(follow.text()).isEqualTo("Followed the account (QR code scene spring-sale)");
        assertThat(follow.externalId()).isEqualTo(TestAccounts.GH + ":" + TestAccounts.OPEN_ID + ":" + TS + ":subscribe");
        assertThat(MessageMapper.isEvent(follow)).isTrue();

        assertThat(map(TestAccounts.event("subscribe", null, TS)).text()).isEqualTo("Followed the account");
        Interaction unfollow = map(TestAccounts.event("unsubscribe", null, TS));
        assertThat(unfollow.text()).isEqualTo("Unfollowed the account");
        assertThat(MessageMapper.isUnfollow(unfollow)).isTrue();
        assertThat(map(TestAccounts.event("SCAN", "123", TS)).text()).isEqualTo("Scanned the account's QR code (scene 123)");
        assertThat(map(TestAccounts.event("CLICK", "V1001_ORDER", TS)).text()).isEqualTo("Clicked the menu item V1001_ORDER");
        assertThat(MessageMapper.isEvent(map(TestAccounts.text("1", TS, "hi")))).isFalse();
    }

    @Test
    void locationReportsMenuLinksAndWeChatsNotificationsAreIgnored() {
        for (String event : List.of("LOCATION", "VIEW", "view_miniprogram", "TEMPLATESENDJOBFINISH", "MASSSENDJOBFINISH")) {
            assertThat(map(TestAccounts.event(event, "k", TS))).as(event).isNull();
        }
        WeChatWebhook webhook = new WeChatWebhook(TestAccounts.settings(), mapper);
        IngestBatch nothing = webhook.map(delivery(TestAccounts.event("LOCATION", null, TS)));
        assertThat(nothing).as("the ingress marks the delivery done").isNull();
    }

    @Test
    void anUnknownMsgTypeIsADeadLetter() {
        assertThatThrownBy(() -> map(HEAD + "<MsgType><![CDATA[hologram]]></MsgType><MsgId>1</MsgId></xml>"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MsgType 'hologram' is not one Parley reads");
    }

    @Test
    void aBodyThatIsNotWeChatXmlOrLacksFieldsIsADeadLetterWithTheReason() {
        assertThatThrownBy(() -> map("{\"not\":\"xml\"}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid XML");
        assertThatThrownBy(() -> map("<xml><ToUserName>gh_1</ToUserName>")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid XML");
        assertThatThrownBy(() -> map("<html><body/></html>")).hasMessageContaining("not WeChat's <xml>");
        assertThatThrownBy(() -> map("")).hasMessageContaining("the body is empty");
        assertThatThrownBy(() -> map("<xml><ToUserName>gh_1</ToUserName><CreateTime>1</CreateTime><MsgType>text</MsgType>"
                + "<Content>x</Content><MsgId>1</MsgId></xml>")).hasMessageContaining("the message has no FromUserName");
        assertThatThrownBy(() -> map(TestAccounts.text("1", TS, "x").replace(Long.toString(TS), "yesterday")))
                .hasMessageContaining("CreateTime 'yesterday' is not seconds since 1970");
        assertThatThrownBy(() -> map(TestAccounts.text("x1", TS, "x"))).hasMessageContaining("MsgId 'x1' is not a number");
        assertThatThrownBy(() -> map(TestAccounts.text("1", TS, ""))).as("a text without words")
                .isInstanceOf(org.parley.api.InvalidInteractionException.class).hasMessageContaining("text is empty");
    }

    @Test
    void anExternalEntityIsRefusedAndTheFileNeverRead() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET-FILE-CONTENT");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>"
                + TestAccounts.text("1", TS, "]]>&xxe;<![CDATA[");

        assertThatThrownBy(() -> map(xxe)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid XML").hasMessageContaining("DOCTYPE")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("TOP-SECRET"));
        assertThat(MessageMapperTest.deliveryIdOrNull(xxe)).as("no id is read from it either").isNull();
    }

    @Test
    void anInternalEntityBombIsRefused() {
        String bomb = "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">"
                + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;\">]>" + TestAccounts.text("1", TS, "]]>&c;<![CDATA[");
        assertThatThrownBy(() -> map(bomb)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DOCTYPE");
    }

    @Test
    void theDeliveryIdIsTheMsgIdOrForEventsOpenIdCreateTimeAndEvent() {
        assertThat(MessageMapper.deliveryId(utf8(TestAccounts.text("24602541234567890", TS, "hi"))))
                .isEqualTo("24602541234567890");
        assertThat(MessageMapper.deliveryId(utf8(TestAccounts.event("subscribe", null, TS))))
                .isEqualTo(TestAccounts.OPEN_ID + ":" + TS + ":subscribe");
        assertThat(deliveryIdOrNull("<not xml")).isNull();
    }

    private static String deliveryIdOrNull(String body) {
        WeChatWebhook webhook = new WeChatWebhook(TestAccounts.settings(), new MessageMapper("brand", new InteractionValidator()));
        return webhook.deliveryId(TestAccounts.post(java.util.Map.of(), body, Instant.now()));
    }

    private static Delivery delivery(String xml) {
        return new Delivery(1, "wechat", "brand", "d", java.util.Map.of(), utf8(xml), Instant.now());
    }
}
