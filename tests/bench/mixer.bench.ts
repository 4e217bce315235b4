/**
 * Cost of a conference toward the customer: the gateway decodes every talking agent and encodes
 * one mixed stream (media-server/src/audio/mixer.ts). Prints the CPU time one second of mixed audio
 * takes, i.e. the share of one core a conference call spends on mixing, for 2 and 3 agents.
 *
 *   npx tsx tests/bench/mixer.bench.ts [seconds=20]
 */
import { OpusMixer } from "../../media-server/src/audio/mixer";
import { toneFrames } from "../../lib/sandbox/meta-relay/relay-audio";

const seconds = Number(process.argv[2] ?? 20);
const tones = [toneFrames(880), toneFrames(660), toneFrames(523)];

for (const agents of [2, 3]) {
  const mixer = new OpusMixer();
  const frames = seconds * 50;
  const runs: number[] = [];
  for (let run = 0; run < 3; run++) {
    const t0 = process.cpuUsage();
    for (let i = 0; i < frames; i++) {
      for (let a = 0; a < agents; a++) {
        mixer.touch(a, i * 20);
        mixer.push(a, tones[a]![i % 50]!);
      }
      mixer.mixFrame();
    }
    const used = process.cpuUsage(t0);
    runs.push((used.user + used.system) / 1000 / seconds); // CPU ms per second of audio
  }
  mixer.close();
  runs.sort((x, y) => x - y);
  const median = runs[1]!;
  console.log(JSON.stringify({ bench: "mixer: conference audio toward the customer", agents, cpuMsPerAudioSecond: Math.round(median * 10) / 10, percentOfCorePerCall: Math.round((median / 1000) * 1000) / 10 }));
}
