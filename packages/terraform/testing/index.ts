export { fixture, jsonFixture } from './fixture.js';
