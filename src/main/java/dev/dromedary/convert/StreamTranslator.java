package dev.dromedary.convert;

import dev.dromedary.api.anthropic.ErrorBody;
import dev.dromedary.api.anthropic.MessageResponse;
import dev.dromedary.api.anthropic.StreamEvent;
import dev.dromedary.api.anthropic.TextBlock;
import dev.dromedary.api.anthropic.ThinkingBlock;
import dev.dromedary.api.anthropic.ToolUseBlock;
import dev.dromedary.api.anthropic.Usage;
import dev.dromedary.api.openai.ChatResponse;
import dev.dromedary.api.openai.ChatUsage;
import dev.dromedary.api.openai.ToolCall;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * OpenAI chat.completion.chunk stream → Anthropic message stream, as a state machine fed one chunk at a time.
 * It keeps exactly one block open, numbers blocks 0,1,2… and forwards every fragment as soon as it can: text and
 * thinking at once, tool arguments from the moment the tool's name is known. Not thread-safe: one stream, one
 * translator.
 */
public final class StreamTranslator {

    private enum Open { NONE, THINKING, TEXT, TOOL }

    private static final class ToolState {
        String id;
        /** The id the provider gave, null while none came (a generated {@link #id} is not one). */
        String upstreamId;
        String name;
        final StringBuilder pending = new StringBuilder();
        int block = -1;
    }

    private final Consumer<StreamEvent> out;
    private final String messageId;
    private final String model;
    private final int inputEstimate;
    private final List<String> stopSequences;
    private final ToIntFunction<String> tokenCounter;

    private final Map<Integer, ToolState> tools = new LinkedHashMap<>();
    private final StringBuilder generated = new StringBuilder();
    private Open open = Open.NONE;
    private ToolState openTool;
    /** The tool the previous fragment belonged to, for fragments that carry neither index nor id. */
    private ToolState lastTool;
    private int nextIndex;
    private boolean usedTools;
    private String finishReason;
    private JsonNode matchedStop;
    private ChatUsage usage;
    private boolean done;
    private boolean ended;
    private Usage finalUsage;
    private String stopReason;

    public StreamTranslator(Consumer<StreamEvent> out, String messageId, String model, int inputEstimate,
                            List<String> stopSequences, ToIntFunction<String> tokenCounter) {
        this.out = out;
        this.messageId = messageId;
        this.model = model;
        this.inputEstimate = inputEstimate;
        this.stopSequences = stopSequences;
        this.tokenCounter = tokenCounter;
    }

    /** {@code message_start} (with usage, as the SDKs require) and a first {@code ping}. */
    public void start() {
        out.accept(new StreamEvent.MessageStart(MessageResponse.of(messageId, model, List.of(), null, null,
                Usage.of(inputEstimate, 0, 0))));
        out.accept(new StreamEvent.Ping());
    }

    /**
     * @throws UpstreamFormatException when the chunk reports an error
     */
    public void onChunk(ChatResponse chunk) {
        if (chunk.error() != null && !chunk.error().isNull()) {
            throw new UpstreamFormatException(errorMessage(chunk.error()));
        }
        if (chunk.usage() != null) {
            usage = chunk.usage();
        }
        ChatResponse.Choice choice = chunk.firstChoice();
        if (choice == null) {
            return;
        }
        ChatResponse.Delta delta = choice.delta() != null ? choice.delta() : choice.message();
        if (delta != null) {
            String reasoning = delta.reasoningText();
            if (reasoning != null && !reasoning.isEmpty()) {
                ensureOpen(Open.THINKING);
                generated.append(reasoning);
                out.accept(new StreamEvent.ContentBlockDelta(nextIndex - 1, new StreamEvent.ThinkingDelta(reasoning)));
            }
            String text = delta.content() != null && !delta.content().isEmpty() ? delta.content() : delta.refusal();
            if (text != null && !text.isEmpty()) {
                ensureOpen(Open.TEXT);
                generated.append(text);
                out.accept(new StreamEvent.ContentBlockDelta(nextIndex - 1, new StreamEvent.TextDelta(text)));
            }
            if (delta.toolCalls() != null) {
                for (ToolCall call : delta.toolCalls()) {
                    onToolFragment(call);
                }
            }
        }
        if (choice.finishReason() != null) {
            finishReason = choice.finishReason();
            matchedStop = choice.stopReason();
        }
    }

    /** The upstream sent {@code data: [DONE]}. */
    public void onDone() {
        done = true;
    }

    /** True once the upstream has said it is finished; a stream that ends before that was cut. */
    public boolean upstreamFinished() {
        return done || finishReason != null;
    }

    /** Closes the open block, then {@code message_delta} (stop reason, usage) and {@code message_stop}. */
    public void finish() {
        if (ended) {
            return;
        }
        flushNamelessTools();
        closeOpen();
        StopReasons.Stop stop = StopReasons.map(finishReason, matchedStop, stopSequences, usedTools);
        stopReason = stop.reason();
        finalUsage = usage != null ? ResponseConverter.usage(usage, inputEstimate)
                : Usage.of(inputEstimate, tokenCounter.applyAsInt(generated.toString()), 0);
        out.accept(new StreamEvent.MessageDelta(new StreamEvent.StopDelta(stop.reason(), stop.sequence()), finalUsage));
        out.accept(new StreamEvent.MessageStop());
        ended = true;
    }

    /** Ends the stream with {@code event: error}; never a made-up {@code message_stop}. */
    public void fail(String errorType, String message) {
        if (ended) {
            return;
        }
        ended = true;
        out.accept(new StreamEvent.Error(new ErrorBody.Detail(errorType, message)));
    }

    public boolean ended() {
        return ended;
    }

    /** The usage reported in message_delta, or null before {@link #finish()}. */
    public Usage finalUsage() {
        return finalUsage;
    }

    public String stopReason() {
        return stopReason;
    }

    private void onToolFragment(ToolCall call) {
        ToolState tool = toolFor(call);
        if (tool.id == null && hasId(call)) {
            tool.id = call.id();
            tool.upstreamId = call.id();
        }
        if (tool.name == null && call.name() != null && !call.name().isEmpty()) {
            tool.name = call.name();
        }
        String args = call.arguments();
        if (args != null && !args.isEmpty()) {
            generated.append(args);
            if (tool.block >= 0 && tool == openTool) {
                out.accept(new StreamEvent.ContentBlockDelta(tool.block, new StreamEvent.InputJsonDelta(args)));
            } else {
                tool.pending.append(args);
            }
        }
        if (tool.block < 0 && tool.name != null) {
            startTool(tool);
        }
    }

    /**
     * Fragments are matched by {@code index}; providers without one are matched by id. A fragment with neither
     * continues the tool call of the previous fragment, unless it carries a name and that call already has one:
     * then it is the next call (providers that send each call whole, with no index and no id).
     */
    private ToolState toolFor(ToolCall call) {
        ToolState tool;
        if (call.index() != null) {
            tool = tools.get(call.index());
            if (tool == null || tool.upstreamId != null && hasId(call) && !tool.upstreamId.equals(call.id())) {
                // Ollama (and some vLLM builds) number every call of a parallel batch 0: a new id is a new call
                if (tool != null) {
                    tools.put(-1 - tools.size(), tool);
                }
                tool = new ToolState();
                tools.put(call.index(), tool);
            }
        } else if (hasId(call)) {
            tool = tools.values().stream().filter(t -> call.id().equals(t.upstreamId)).findFirst().orElseGet(this::newTool);
        } else {
            boolean named = call.name() != null && !call.name().isEmpty();
            tool = lastTool != null && !(named && lastTool.name != null) ? lastTool : newTool();
        }
        lastTool = tool;
        return tool;
    }

    private static boolean hasId(ToolCall call) {
        return call.id() != null && !call.id().isEmpty();
    }

    private ToolState newTool() {
        ToolState fresh = new ToolState();
        tools.put(-1 - tools.size(), fresh);
        return fresh;
    }

    private void startTool(ToolState tool) {
        closeOpen();
        if (tool.id == null) {
            tool.id = Ids.toolUseId();
        }
        tool.block = nextIndex++;
        open = Open.TOOL;
        openTool = tool;
        usedTools = true;
        out.accept(new StreamEvent.ContentBlockStart(tool.block,
                new ToolUseBlock(tool.id, tool.name, JsonNodeFactory.instance.objectNode())));
        if (!tool.pending.isEmpty()) {
            out.accept(new StreamEvent.ContentBlockDelta(tool.block,
                    new StreamEvent.InputJsonDelta(tool.pending.toString())));
            tool.pending.setLength(0);
        }
    }

    /** A tool whose name never came cannot be called by the client; it is started under a placeholder name. */
    private void flushNamelessTools() {
        for (ToolState t : new ArrayList<>(tools.values())) {
            if (t.block < 0) {
                t.name = "unknown_tool";
                startTool(t);
            }
        }
    }

    private void ensureOpen(Open kind) {
        if (open == kind) {
            return;
        }
        closeOpen();
        int index = nextIndex++;
        open = kind;
        out.accept(new StreamEvent.ContentBlockStart(index, kind == Open.THINKING
                ? new ThinkingBlock("", "") : new TextBlock("")));
    }

    private void closeOpen() {
        if (open == Open.NONE) {
            return;
        }
        int index = nextIndex - 1;
        if (open == Open.THINKING) {
            out.accept(new StreamEvent.ContentBlockDelta(index, new StreamEvent.SignatureDelta(ResponseConverter.SIGNATURE)));
        }
        out.accept(new StreamEvent.ContentBlockStop(index));
        open = Open.NONE;
        openTool = null;
    }

    private static String errorMessage(JsonNode error) {
        if (error.isTextual()) {
            return error.asText();
        }
        String message = error.path("message").asText("");
        return message.isEmpty() ? "the provider reported an error mid-stream" : message;
    }
}
