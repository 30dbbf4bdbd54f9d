package dev.switchboard.channel.email.internal;

import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.safety.Safelist;

/**
 * Makes an email's HTML safe to show in the agent console: jsoup's relaxed safelist (formatting,
 * tables, links, images) without scripts, styles, forms, frames or event handlers. Inline images
 * keep their {@code cid:} references so they can be pointed at the stored attachment when shown.
 */
public final class HtmlSanitizer {

    private static final Safelist SAFELIST = Safelist.relaxed()
            .addProtocols("img", "src", "cid")
            .addEnforcedAttribute("a", "rel", "noopener noreferrer nofollow")
            .addEnforcedAttribute("a", "target", "_blank");

    private HtmlSanitizer() {
    }

    /** The body's HTML with everything unsafe removed. */
    public static String sanitize(String html) {
        if (html == null) {
            return null;
        }
        return Jsoup.clean(html, "", SAFELIST, new Document.OutputSettings().prettyPrint(false));
    }

    /** Sanitised HTML with each {@code cid:} image pointed at a URL (content id → URL); unknown ids lose their src. */
    public static String withInlineImages(String sanitized, Map<String, String> urlsByContentId) {
        Document doc = Jsoup.parseBodyFragment(sanitized);
        doc.outputSettings().prettyPrint(false);
        for (Element img : doc.select("img[src^=cid:]")) {
            String id = img.attr("src").substring("cid:".length()).strip();
            String url = urlsByContentId.get(id.replaceAll("^<|>$", ""));
            if (url == null) {
                img.removeAttr("src");
            } else {
                img.attr("src", url);
            }
        }
        return doc.body().html();
    }

    /** Readable text of an HTML body, for mail that came without a plain-text part. */
    public static String toText(String html) {
        Document doc = Jsoup.parse(html);
        doc.select("script, style, head").remove();
        doc.select("br").after("\n");
        doc.select("p, div, tr, li, h1, h2, h3, h4, h5, h6, blockquote").after("\n");
        String text = doc.body() == null ? doc.wholeText() : doc.body().wholeText();
        return text.replaceAll("[ \\t\\x0B\\f\\r]+\n", "\n").replaceAll("\n{3,}", "\n\n").strip();
    }
}
