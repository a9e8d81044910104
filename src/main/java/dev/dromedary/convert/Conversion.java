package dev.dromedary.convert;

import dev.dromedary.api.openai.ChatRequest;

import java.util.List;

/** A converted request and what the conversion left out (for the log; never sent anywhere). */
public record Conversion(ChatRequest request, List<String> notes) {
}
