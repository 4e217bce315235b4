import { describe, expect, it } from "vitest";
import {
  experimentalSourcesText,
  findDebianMirror,
  hasExperimental,
  parseDeb822,
  parseOneLine,
} from "./apt-sources.mjs";

// The shape of /etc/apt/sources.list.d/debian.sources on a stock Debian 12 image.
const DEBIAN_SOURCES = `Types: deb
# http://snapshot.debian.org/archive/debian/20250520T000000Z
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
`;

describe("apt sources", () => {
  it("finds the Debian archive in deb822 sources, not the security archive", () => {
    const entries = parseDeb822(DEBIAN_SOURCES);
    expect(entries).toHaveLength(2);
    expect(findDebianMirror(entries)).toEqual({
      uri: "http://deb.debian.org/debian",
      signedBy: "/usr/share/keyrings/debian-archive-keyring.gpg",
    });
    expect(hasExperimental(entries)).toBe(false);
  });

  it("finds it in one-line sources with options, skipping third-party repositories", () => {
    const entries = parseOneLine(
      [
        "deb https://packages.cloud.google.com/apt cloud-sdk-bookworm main",
        "# deb http://old.example/debian buster main",
        "deb [arch=amd64 signed-by=/etc/apt/keyrings/deb.gpg] http://mirror.example.org/debian/ trixie main contrib",
      ].join("\n"),
    );
    expect(findDebianMirror(entries)).toEqual({
      uri: "http://mirror.example.org/debian/",
      signedBy: "/etc/apt/keyrings/deb.gpg",
    });
  });

  it("ignores disabled deb822 entries and source-only entries", () => {
    const entries = parseDeb822(
      "Types: deb-src\nURIs: http://a.example/debian\nSuites: bookworm\n\nEnabled: no\nTypes: deb\nURIs: http://b.example/debian\nSuites: bookworm\n",
    );
    expect(findDebianMirror(entries)).toBeUndefined();
  });

  it("writes an experimental suite with the same URI and keyring", () => {
    const text = experimentalSourcesText({ uri: "http://deb.debian.org/debian", signedBy: "/k.gpg" });
    const [entry] = parseDeb822(text);
    expect(entry).toMatchObject({ uris: ["http://deb.debian.org/debian"], suites: ["experimental"], signedBy: "/k.gpg" });
    expect(hasExperimental([entry])).toBe(true);
  });
});
