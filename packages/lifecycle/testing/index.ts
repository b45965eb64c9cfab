export {
  InMemoryGitHub,
  InMemoryResourceGroups,
  InMemorySloHistory,
  InMemoryState,
  InMemoryTerraform,
  type Journal,
  ManualClock,
} from './in-memory-ports.js';
export { prEvent, START, testBed, testCatalog } from './test-bed.js';
