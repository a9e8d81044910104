package dev.dromedary.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dromedary.api.anthropic.ContentBlock;
import dev.dromedary.api.anthropic.DocumentBlock;
import dev.dromedary.api.anthropic.ImageBlock;
import dev.dromedary.api.anthropic.InputMessage;
import dev.dromedary.api.anthropic.MediaSource;
import dev.dromedary.api.anthropic.MessagesRequest;
import dev.dromedary.api.anthropic.TextBlock;
import dev.dromedary.api.anthropic.ThinkingBlock;
import dev.dromedary.api.anthropic.ThinkingConfig;
import dev.dromedary.api.anthropic.Tool;
import dev.dromedary.api.anthropic.ToolChoice;
import dev.dromedary.api.anthropic.ToolResultBlock;
import dev.dromedary.api.anthropic.ToolUseBlock;
import dev.dromedary.api.openai.ChatMessage;
import dev.dromedary.api.openai.ChatRequest;
import dev.dromedary.api.openai.ChatTool;
import dev.dromedary.api.openai.ContentPart;
import dev.dromedary.api.openai.ToolCall;
import dev.dromedary.error.BridgeException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Anthropic Messages request → OpenAI Chat Completions request, following docs/conversion.md. Pure: the same input
 * always gives the same output, and nothing Anthropic-only reaches the result.
 */
public final class RequestConverter {

    /** OpenAI accepts at most this many stop strings. */
    static final int MAX_STOP = 4;
    static final String BILLING_HEADER = "x-anthropic-billing-header:";

    private final ObjectMapper json;

    public RequestConverter(ObjectMapper json) {
        this.json = json;
    }

    public Conversion convert(MessagesRequest req, String upstreamModel, ConversionOptions opts) {
        List<String> notes = new ArrayList<>();
        List<ChatMessage> messages = convertMessages(req, opts, notes);
        List<ChatTool> tools = convertTools(req.tools(), notes);
        Object toolChoice = convertToolChoice(req, tools);
        boolean hasTools = !tools.isEmpty();
        Boolean parallel = hasTools && req.toolChoice() != null
                && Boolean.TRUE.equals(req.toolChoice().disableParallelToolUse()) ? Boolean.FALSE : null;

        Integer maxTokens = req.maxTokens();
        if (maxTokens != null && opts.maxTokensLimit() != null && maxTokens > opts.maxTokensLimit()) {
            notes.add("max_tokens " + maxTokens + " clamped to " + opts.maxTokensLimit());
            maxTokens = opts.maxTokensLimit();
        }
        List<String> stop = req.stopSequences();
        if (stop.size() > MAX_STOP) {
            notes.add("stop_sequences beyond the first " + MAX_STOP + " dropped: " + stop.subList(MAX_STOP, stop.size()));
            stop = stop.subList(0, MAX_STOP);
        }
        boolean stream = req.streaming();
        ChatRequest out = new ChatRequest(
                upstreamModel,
                messages,
                opts.maxCompletionTokens() ? null : maxTokens,
                opts.maxCompletionTokens() ? maxTokens : null,
                req.temperature(),
                req.topP(),
                stop.isEmpty() ? null : List.copyOf(stop),
                stream ? Boolean.TRUE : null,
                stream ? new ChatRequest.StreamOptions(true) : null,
                hasTools ? tools : null,
                hasTools ? toolChoice : null,
                parallel,
                req.metadata() == null ? null : req.metadata().userId(),
                opts.reasoningEffort() ? reasoningEffort(req) : null);
        if (req.topK() != null) {
            notes.add("top_k dropped");
        }
        return new Conversion(out, List.copyOf(notes));
    }

    private List<ChatMessage> convertMessages(MessagesRequest req, ConversionOptions opts, List<String> notes) {
        List<ChatMessage> out = new ArrayList<>();
        StringBuilder leadingSystem = new StringBuilder(joinText(withoutBillingHeader(req.system(), notes), notes));
        for (InputMessage msg : req.messages()) {
            switch (msg.role()) {
                case "system" -> {
                    String text = joinText(msg.content(), notes);
                    if (opts.systemInPlace()) {
                        out.add(ChatMessage.system(text));
                    } else {
                        if (!leadingSystem.isEmpty()) {
                            leadingSystem.append('\n');
                        }
                        leadingSystem.append(text);
                    }
                }
                case "assistant" -> convertAssistant(msg.content(), opts, out);
                default -> convertUser(msg.content(), opts, out, notes);
            }
        }
        if (!leadingSystem.isEmpty()) {
            out.addFirst(ChatMessage.system(leadingSystem.toString()));
        }
        return out;
    }

    /**
     * Claude Code opens its system prompt with an {@code x-anthropic-billing-header} line meant for Anthropic's
     * billing, not for the model. Its version suffix changes between requests, so forwarding it would change the
     * prompt's first bytes every time and defeat the provider's prefix cache.
     */
    private static List<ContentBlock> withoutBillingHeader(List<ContentBlock> system, List<String> notes) {
        if (system.isEmpty() || !(system.getFirst() instanceof TextBlock t)
                || t.text() == null || !t.text().startsWith(BILLING_HEADER)) {
            return system;
        }
        notes.add("Claude Code billing header line dropped from the system prompt");
        return system.subList(1, system.size());
    }

    /**
     * Tool results become {@code tool} messages placed first, directly after the assistant's tool calls; the turn's
     * other content (and any images a tool returned) follows as one user message.
     */
    private void convertUser(List<ContentBlock> blocks, ConversionOptions opts, List<ChatMessage> out,
                             List<String> notes) {
        List<ContentPart> parts = new ArrayList<>();
        List<ContentPart> toolImages = new ArrayList<>();
        for (ContentBlock block : blocks) {
            switch (block) {
                case ToolResultBlock r -> {
                    StringBuilder text = new StringBuilder();
                    List<ContentPart> images = new ArrayList<>();
                    for (ContentBlock inner : r.content()) {
                        switch (inner) {
                            case TextBlock t -> appendLine(text, t.text());
                            case ImageBlock i -> images.add(imagePart(i));
                            case DocumentBlock d -> {
                                ContentPart p = documentPart(d, opts);
                                if (p instanceof ContentPart.Text t) {
                                    appendLine(text, t.text());
                                } else {
                                    images.add(p);
                                }
                            }
                            default -> notes.add("tool_result block " + typeOf(inner) + " dropped");
                        }
                    }
                    out.add(ChatMessage.tool(r.toolUseId(), r.failed() ? "Error: " + text : text.toString()));
                    if (!images.isEmpty()) {
                        toolImages.add(new ContentPart.Text("Attachments returned by tool call " + r.toolUseId() + ":"));
                        toolImages.addAll(images);
                    }
                }
                case TextBlock t -> parts.add(new ContentPart.Text(t.text()));
                case ImageBlock i -> parts.add(imagePart(i));
                case DocumentBlock d -> parts.add(documentPart(d, opts));
                default -> notes.add("user block " + typeOf(block) + " dropped");
            }
        }
        toolImages.addAll(parts);
        if (!toolImages.isEmpty()) {
            out.add(ChatMessage.user(userContent(toolImages)));
        }
    }

    /** Text-only content is sent as one string: every provider accepts that, not all accept part arrays. */
    private static Object userContent(List<ContentPart> parts) {
        StringBuilder text = new StringBuilder();
        for (ContentPart p : parts) {
            if (!(p instanceof ContentPart.Text t)) {
                return List.copyOf(parts);
            }
            appendLine(text, t.text());
        }
        return text.toString();
    }

    private void convertAssistant(List<ContentBlock> blocks, ConversionOptions opts, List<ChatMessage> out) {
        StringBuilder text = null;
        StringBuilder reasoning = null;
        List<ToolCall> calls = new ArrayList<>();
        for (ContentBlock block : blocks) {
            switch (block) {
                case TextBlock t -> {
                    if (text == null) {
                        text = new StringBuilder();
                    }
                    appendLine(text, t.text());
                }
                case ToolUseBlock u -> calls.add(ToolCall.of(u.id(), u.name(), arguments(u.input())));
                case ThinkingBlock th when opts.reasoningContentHistory() -> {
                    if (reasoning == null) {
                        reasoning = new StringBuilder();
                    }
                    reasoning.append(th.thinking() == null ? "" : th.thinking());
                }
                default -> {
                    // thinking signatures, redacted thinking and server-tool blocks mean nothing upstream
                }
            }
        }
        if (text == null && calls.isEmpty() && reasoning == null) {
            return;
        }
        String content = text != null ? text.toString() : calls.isEmpty() ? "" : null;
        // DeepSeek-style providers reject a tool-calling assistant turn without reasoning_content, even an empty one
        String reasoningContent = reasoning != null ? reasoning.toString()
                : opts.reasoningContentHistory() && !calls.isEmpty() ? "" : null;
        out.add(ChatMessage.assistant(content, calls.isEmpty() ? null : calls, reasoningContent));
    }

    private String arguments(JsonNode input) {
        if (input == null || input.isNull() || input.isMissingNode()) {
            return "{}";
        }
        try {
            return json.writeValueAsString(input);
        } catch (Exception e) {
            throw new IllegalStateException("cannot serialise tool input", e);
        }
    }

    private static ContentPart imagePart(ImageBlock image) {
        MediaSource s = image.source();
        if (s == null || s.type() == null) {
            throw BridgeException.invalidRequest("image: source is required");
        }
        return switch (s.type()) {
            case "base64" -> ContentPart.ImageUrl.of("data:" + s.mediaType() + ";base64," + s.data());
            case "url" -> ContentPart.ImageUrl.of(s.url());
            default -> throw BridgeException.invalidRequest("image source type '" + s.type()
                    + "' is not supported by OpenAI-format providers: send the image as base64 or url");
        };
    }

    private ContentPart documentPart(DocumentBlock doc, ConversionOptions opts) {
        MediaSource s = doc.source();
        if (s == null || s.type() == null) {
            throw BridgeException.invalidRequest("document: source is required");
        }
        String title = doc.title() == null || doc.title().isBlank() ? "" : doc.title() + "\n\n";
        return switch (s.type()) {
            case "text" -> new ContentPart.Text(title + nullToEmpty(s.data()));
            case "content" -> new ContentPart.Text(title + contentText(s.content()));
            case "base64" -> {
                if ("application/pdf".equals(s.mediaType())) {
                    if (!opts.pdfInput()) {
                        throw BridgeException.invalidRequest("PDF documents are not supported by provider '"
                                + opts.provider() + "' (set \"pdf_input\": true in provider.json if it accepts "
                                + "OpenAI file parts)");
                    }
                    String name = doc.title() == null || doc.title().isBlank() ? "document.pdf" : doc.title();
                    yield new ContentPart.File(new ContentPart.FileData(name,
                            "data:application/pdf;base64," + s.data()));
                }
                if (s.mediaType() != null && s.mediaType().startsWith("text/")) {
                    yield new ContentPart.Text(title + new String(decode(s.data()), StandardCharsets.UTF_8));
                }
                throw BridgeException.invalidRequest("document media type '" + s.mediaType() + "' is not supported");
            }
            default -> throw BridgeException.invalidRequest("document source type '" + s.type()
                    + "' is not supported by OpenAI-format providers: send it as base64 or text");
        };
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getMimeDecoder().decode(nullToEmpty(base64));
        } catch (IllegalArgumentException e) {
            throw BridgeException.invalidRequest("document: data is not valid base64");
        }
    }

    private static String contentText(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode block : content) {
            if ("text".equals(block.path("type").asText())) {
                appendLine(sb, block.path("text").asText());
            }
        }
        return sb.toString();
    }

    private static List<ChatTool> convertTools(List<Tool> tools, List<String> notes) {
        List<ChatTool> out = new ArrayList<>(tools.size());
        for (Tool t : tools) {
            if (!t.isCustom()) {
                notes.add("server tool " + t.type() + " (" + t.name() + ") not sent");
            } else if (t.isDeferred()) {
                notes.add("deferred tool " + t.name() + " not sent");
            } else {
                JsonNode schema = t.inputSchema();
                if (schema == null || schema.isNull() || schema.isEmpty()) {
                    ObjectNode empty = JsonNodeFactory.instance.objectNode().put("type", "object");
                    empty.putObject("properties");
                    schema = empty;
                }
                out.add(ChatTool.function(t.name(), t.description(), schema));
            }
        }
        return out;
    }

    private static Object convertToolChoice(MessagesRequest req, List<ChatTool> sent) {
        ToolChoice choice = req.toolChoice();
        if (choice == null || choice.type() == null) {
            return null;
        }
        Set<String> names = new HashSet<>();
        sent.forEach(t -> names.add(t.function().name()));
        return switch (choice.type()) {
            case "auto" -> "auto";
            case "none" -> "none";
            case "any" -> {
                if (sent.isEmpty()) {
                    throw BridgeException.invalidRequest("tool_choice 'any' needs a tool, but none of the request's "
                            + "tools can be served by an OpenAI-format provider (server and deferred tools are not sent)");
                }
                yield "required";
            }
            case "tool" -> {
                if (!names.contains(choice.name())) {
                    throw BridgeException.invalidRequest("tool_choice names tool '" + choice.name()
                            + "', which is not among the custom tools this provider can serve");
                }
                yield ChatRequest.NamedToolChoice.of(choice.name());
            }
            default -> throw BridgeException.invalidRequest("tool_choice.type: unknown value '" + choice.type() + "'");
        };
    }

    /** Budget or effort → low/medium/high, the three values every reasoning_effort provider accepts. */
    static String reasoningEffort(MessagesRequest req) {
        ThinkingConfig thinking = req.thinking();
        if (thinking == null || !thinking.isOn()) {
            return null;
        }
        if ("enabled".equals(thinking.type()) && thinking.budgetTokens() != null) {
            int budget = thinking.budgetTokens();
            return budget < 4096 ? "low" : budget < 16384 ? "medium" : "high";
        }
        String effort = req.outputConfig() == null ? null : req.outputConfig().effort();
        if (effort == null) {
            return "medium";
        }
        return switch (effort) {
            case "low", "minimal" -> "low";
            case "medium" -> "medium";
            default -> "high";
        };
    }

    private static String joinText(List<ContentBlock> blocks, List<String> notes) {
        StringBuilder sb = new StringBuilder();
        for (ContentBlock b : blocks) {
            if (b instanceof TextBlock t) {
                appendLine(sb, t.text());
            } else {
                notes.add("system block " + typeOf(b) + " dropped");
            }
        }
        return sb.toString();
    }

    private static void appendLine(StringBuilder sb, String text) {
        if (!sb.isEmpty()) {
            sb.append('\n');
        }
        sb.append(nullToEmpty(text));
    }

    private static String typeOf(ContentBlock b) {
        return b instanceof dev.dromedary.api.anthropic.UnknownBlock u ? u.type() : b.getClass().getSimpleName();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
