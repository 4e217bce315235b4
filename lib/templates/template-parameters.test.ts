import { describe, expect, it } from "vitest";
import { parameterCounts, renderTemplateBody } from "./template-parameters";

describe("template parameters", () => {
  const positional = [
    { type: "HEADER", format: "TEXT", text: "Order {{1}}" },
    { type: "BODY", text: "Hi {{1}}, your order {{2}} ships {{3}}. Thanks {{1}}!" },
  ];
  it("counts distinct placeholders per component", () => {
    expect(parameterCounts(positional)).toEqual({ header: 1, body: 3 });
    expect(parameterCounts([{ type: "HEADER", format: "IMAGE" }, { type: "BODY", text: "Hello {{first_name}}" }])).toEqual({ header: 0, body: 1 });
  });
  it("renders the body with the given values (repeated placeholders too)", () => {
    expect(renderTemplateBody(positional, ["Asha", "#42", "today"])).toBe("Hi Asha, your order #42 ships today. Thanks Asha!");
  });
});
