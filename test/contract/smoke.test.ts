import { expect } from 'chai';
describe('smoke', () => { it('runs ts', () => { const x: number = 1; expect(x).to.equal(1); }); });
