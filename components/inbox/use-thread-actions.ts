"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef } from "react";
import { errorMessage } from "@/components/shell/api-fetch";
import { toast } from "@/components/ui/toaster";
import { mediaTypeFor, qk, retryMessage, sendMessage, sendNote } from "./inbox-api";
import { patchMessage, upsertMessage, type MessagePages } from "./inbox-cache";
import type { TemplateSendInput } from "./template-picker";
import type { MessageDTO, SendMessageInput, UploadedMedia, UserRef } from "./types";

/**
 * Optimistic sending: the bubble appears at once as `pending` with a temporary id, is replaced by
 * the server's message when the POST answers (matched by the temp id, deduplicated by the real id
 * against an SSE `message.created` that may arrive first), and turns red with the server's message
 * if the POST fails — that copy can be retried as is.
 */
type Outgoing = { kind: "message"; input: SendMessageInput } | { kind: "note"; body: string };

export function useThreadActions(conversationId: string, me: UserRef | null) {
  const qc = useQueryClient();
  const pendingInputs = useRef(new Map<string, Outgoing>());
  const key = qk.messages(conversationId);
  const setPages = (fn: (d: MessagePages | undefined) => MessagePages | undefined) =>
    qc.setQueryData<MessagePages>(key, fn);

  const deliver = async (tempId: string, out: Outgoing) => {
    try {
      const saved =
        out.kind === "note"
          ? await sendNote(conversationId, out.body)
          : await sendMessage(conversationId, out.input);
      pendingInputs.current.delete(tempId);
      setPages((d) => upsertMessage(d, saved, { tempId }));
      void qc.invalidateQueries({ queryKey: qk.conversationsAll });
    } catch (err) {
      const message = errorMessage(err);
      toast.error(message);
      setPages((d) =>
        patchMessage(d, tempId, (m) => ({
          ...m,
          status: "failed",
          error: { code: null, title: "Not sent", message },
        })),
      );
    }
  };

  const optimistic = (partial: Partial<MessageDTO>, out: Outgoing) => {
    const tempId = `tmp-${crypto.randomUUID()}`;
    const m: MessageDTO = {
      id: tempId,
      conversationId,
      direction: "outbound",
      type: "text",
      body: null,
      content: {},
      media: null,
      metaId: null,
      status: "pending",
      error: null,
      replyToMessageId: null,
      reactions: [],
      sender: me,
      createdAt: new Date().toISOString(),
      ...partial,
    };
    pendingInputs.current.set(tempId, out);
    setPages((d) => upsertMessage(d, m));
    void deliver(tempId, out);
  };

  const sendText = (text: string, replyTo: MessageDTO | null) => {
    const input: SendMessageInput = {
      type: "text",
      text,
      ...(replyTo ? { replyToMessageId: replyTo.id } : {}),
    };
    optimistic(
      { type: "text", body: text, replyToMessageId: replyTo?.id ?? null },
      { kind: "message", input },
    );
  };

  const sendNoteAction = (body: string) => optimistic({ type: "note", body }, { kind: "note", body });

  const sendMedia = (media: UploadedMedia, caption: string) => {
    const mediaType = mediaTypeFor(media.mime);
    const input: SendMessageInput = {
      type: "media",
      mediaId: media.id,
      mediaType,
      ...(caption && mediaType !== "audio" && mediaType !== "sticker" ? { caption } : {}),
      ...(mediaType === "document" ? { filename: media.filename } : {}),
    };
    optimistic(
      {
        type: mediaType,
        body: caption || null,
        media: { url: media.url, mime: media.mime, filename: media.filename, size: media.size },
        content: caption ? { caption } : {},
      },
      { kind: "message", input },
    );
  };

  const template = useMutation({
    mutationFn: async (t: TemplateSendInput) => {
      optimistic(
        { type: "template", body: t.preview, content: { name: t.name, language: t.language } },
        {
          kind: "message",
          input: { type: "template", name: t.name, language: t.language, parameters: t.parameters },
        },
      );
    },
  });

  const retry = useMutation({
    mutationFn: async (m: MessageDTO) => {
      const out = pendingInputs.current.get(m.id);
      if (out) {
        setPages((d) => patchMessage(d, m.id, (x) => ({ ...x, status: "pending", error: null })));
        await deliver(m.id, out);
        return;
      }
      setPages((d) => patchMessage(d, m.id, (x) => ({ ...x, status: "pending", error: null })));
      try {
        const saved = await retryMessage(m.id);
        setPages((d) => upsertMessage(d, saved, { force: true }));
      } catch (err) {
        setPages((d) => patchMessage(d, m.id, () => m));
        throw err;
      }
    },
    onError: (err) => toast.error(`Retry failed: ${errorMessage(err)}`),
  });

  const react = (target: MessageDTO, emoji: string) => {
    setPages((d) =>
      patchMessage(d, target.id, (m) => ({
        ...m,
        reactions: [
          ...m.reactions.filter((r) => r.direction !== "outbound"),
          { emoji, direction: "outbound" },
        ],
      })),
    );
    sendMessage(conversationId, { type: "reaction", messageId: target.id, emoji }).catch((err: unknown) => {
      toast.error(`Could not react: ${errorMessage(err)}`);
      setPages((d) => patchMessage(d, target.id, () => target));
    });
  };

  return {
    sendText,
    sendNote: sendNoteAction,
    sendMedia,
    sendTemplate: template.mutate,
    sendingTemplate: template.isPending,
    retry,
    react,
  };
}
