package org.parley.benchmarks.channels;

import java.io.ByteArrayInputStream;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.xml.parsers.DocumentBuilderFactory;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.parley.api.IngestBatch;
import org.parley.channel.wechat.internal.WeChatConfig;
import org.parley.channel.wechat.internal.WeChatRoutes;
import org.parley.channel.wechat.internal.WeChatSettings;
import org.parley.channel.wechat.internal.WeChatWebhook;
import org.parley.ingress.Delivery;
import org.parley.ingress.HookRequest;
import org.parley.ingress.Verdict;

/**
 * What the WeChat channel costs per message, as the ingress calls it: {@code verify} (the query's SHA-1 signature,
 * freshness, the replay memory; in safe mode also {@code msg_signature} over the body's Encrypt), {@code deliveryId}
 * (reads the MsgId) and, later from the inbox, {@code map} (safe XML parsing, decryption in safe mode, the mapping and
 * validation). {@code message} picks the body: a Chinese {@code text}, an {@code image}, a {@code subscribe} event.
 * Each call takes the next of {@value #REQUESTS} requests signed with distinct nonces, so the replay memory grows as in
 * production.
 *
 * <p>Run: {@code java -cp <benchmarks classpath> org.parley.benchmarks.channels.WeChatMappingBenchmark}; the figure is
 * messages per second. {@code baselineParseOnly} is the JDK's DOM parser (DOCTYPEs refused, a new DocumentBuilder per
 * body, as the channel's first version read bodies) reading the same plain body, in the same run; the channel itself
 * reads with the JDK's StAX parser.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class WeChatMappingBenchmark {

    static final int REQUESTS = 4096;
    private static final String TOKEN = "parleyWeChatToken2025";
    private static final String APP_ID = "wx1234567890abcdef";
    private static final String AES_KEY = "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR";
    private static final String GH = "gh_0a1b2c3d4e5f";

    @Param({"text", "image", "subscribe"})
    public String message;

    @Param({"plain", "safe"})
    public String mode;

    private WeChatWebhook webhook;
    private HookRequest[] requests;
    private byte[] plainBody;
    private DocumentBuilderFactory baseline;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Map<String, String> config = Map.of("appId", APP_ID, "appSecret", "9f8e7d6c5b4a39281706f5e4d3c2b1a0",
                "token", TOKEN, "mode", mode, "encodingAesKey", AES_KEY);
        WeChatSettings settings = WeChatSettings.validate(WeChatConfig.PID + "-brand", "brand", config(config));
        webhook = new WeChatRoutes(settings, null, Clock.systemUTC()).webhook();
        Instant now = Instant.now();
        String ts = Long.toString(now.getEpochSecond());
        requests = new HookRequest[REQUESTS];
        for (int i = 0; i < REQUESTS; i++) {
            String xml = body(message, i, now.getEpochSecond());
            String nonce = Integer.toString(1_000_000_000 + i);
            Map<String, List<String>> query = new java.util.HashMap<>(Map.of(
                    "signature", List.of(sha1(TOKEN, ts, nonce)), "timestamp", List.of(ts), "nonce", List.of(nonce),
                    "openid", List.of("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o")));
            String body = xml;
            if (mode.equals("safe")) {
                String encrypted = encrypt(xml, i);
                query.put("encrypt_type", List.of("aes"));
                query.put("msg_signature", List.of(sha1(TOKEN, ts, nonce, encrypted)));
                body = "<xml><ToUserName><![CDATA[" + GH + "]]></ToUserName><Encrypt><![CDATA[" + encrypted
                        + "]]></Encrypt></xml>";
            }
            requests[i] = new HookRequest("POST", Map.of("content-type", List.of("text/xml")), query,
                    body.getBytes(StandardCharsets.UTF_8), "127.0.0.1", now);
        }
        plainBody = body(message, 0, now.getEpochSecond()).getBytes(StandardCharsets.UTF_8);
        baseline = DocumentBuilderFactory.newDefaultInstance();
        baseline.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        IngestBatch mapped = handle(requests[0]);
        if (mapped == null || mapped.interactions().size() != 1) {
            throw new IllegalStateException("the sample " + message + " does not map to one interaction: the benchmark "
                    + "would not measure the usual path");
        }
        System.out.printf("%n%s (%s mode): %d bytes a request body%n", message, mode, requests[0].body().length);
    }

    /** The baseline of the same run: the JDK's DOM parser reading the plain body, with no checks or mapping. */
    @Benchmark
    public org.w3c.dom.Document baselineParseOnly() throws Exception {
        return baseline.newDocumentBuilder().parse(new ByteArrayInputStream(plainBody));
    }

    @Benchmark
    public IngestBatch verifyIdAndMap() {
        HookRequest request = requests[next];
        next = (next + 1) % REQUESTS;
        return handle(request);
    }

    private IngestBatch handle(HookRequest request) {
        Verdict verdict = webhook.verify(request);
        if (!verdict.accepted()) {
            throw new IllegalStateException("refused: " + verdict);
        }
        String id = webhook.deliveryId(request);
        return webhook.map(new Delivery(1, "wechat", "brand", id, Map.of(), request.body(), request.received()));
    }

    static String body(String message, int i, long at) {
        String head = "<xml><ToUserName><![CDATA[" + GH + "]]></ToUserName><FromUserName><![CDATA[oUpF8uMuAJO_M2pxb1Q9z"
                + Integer.toString(1_000_000 + i % 997, 36) + "]]></FromUserName><CreateTime>" + (at - i % 60)
                + "</CreateTime>";
        return switch (message) {
            case "text" -> head + "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[你好，我的订单 #" + (20_250_000 + i)
                    + " 还没有到，能帮我查一下物流吗？谢谢 🙏]]></Content><MsgId>" + (24_602_541_234_567_890L + i) + "</MsgId></xml>";
            case "image" -> head + "<MsgType><![CDATA[image]]></MsgType><PicUrl><![CDATA[http://mmbiz.qpic.cn/mmbiz_jpg/"
                    + "Qib1a2b3c4d5e6f7g8h" + i + "/0]]></PicUrl><MediaId><![CDATA[m3d1a_" + i + "]]></MediaId><MsgId>"
                    + (24_602_541_234_567_890L + i) + "</MsgId></xml>";
            default -> head + "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event>"
                    + "<EventKey><![CDATA[qrscene_" + (i % 50) + "]]></EventKey><Ticket><![CDATA[gQH47joAAAAAAAAAASxodHRw"
                    + i + "]]></Ticket></xml>";
        };
    }

    /** WeChat's safe-mode format: AES-256-CBC over random(16) | length | XML | AppID, padded to 32 bytes. */
    private static String encrypt(String xml, int i) throws Exception {
        byte[] key = Base64.getDecoder().decode(AES_KEY + "=");
        byte[] msg = xml.getBytes(StandardCharsets.UTF_8);
        byte[] app = APP_ID.getBytes(StandardCharsets.UTF_8);
        int length = 20 + msg.length + app.length;
        int pad = 32 - length % 32;
        ByteBuffer plain = ByteBuffer.allocate(length + pad);
        plain.put(String.format("%016d", i).getBytes(StandardCharsets.US_ASCII)).putInt(msg.length).put(msg).put(app);
        while (plain.hasRemaining()) {
            plain.put((byte) pad);
        }
        Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(Arrays.copyOf(key, 16)));
        return Base64.getEncoder().encodeToString(cipher.doFinal(plain.array()));
    }

    private static String sha1(String... parts) throws Exception {
        String[] sorted = parts.clone();
        Arrays.sort(sorted);
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                .digest(String.join("", sorted).getBytes(StandardCharsets.UTF_8)));
    }

    /** The configuration annotation as DS hands it over: the given values, else the defaults. */
    private static WeChatConfig config(Map<String, String> values) {
        return (WeChatConfig) Proxy.newProxyInstance(WeChatConfig.class.getClassLoader(), new Class<?>[] {WeChatConfig.class},
                (self, method, args) -> switch (method.getName()) {
                    case "annotationType" -> WeChatConfig.class;
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == args[0];
                    case "toString" -> "WeChatConfig";
                    default -> values.containsKey(method.getName()) ? values.get(method.getName()) : method.getDefaultValue();
                });
    }

    public static void main(String[] args) throws Exception {
        new Runner(new OptionsBuilder().include(WeChatMappingBenchmark.class.getSimpleName()).build()).run();
    }
}
