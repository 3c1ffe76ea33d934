import { DEFAULT_SETTINGS } from '../../settings/defaults';
import { canSave } from '../../settings/parseSettings';
import { draftFromSettings, draftToStored, moveStatus, newStatusDraft, validateDraft } from './configDraft';

describe('configuration draft', () => {
  it('round-trips the default settings without a problem', () => {
    const validated = validateDraft(draftFromSettings(DEFAULT_SETTINGS));
    expect(validated.problems).toEqual([]);
    expect(validated.settings).toEqual(DEFAULT_SETTINGS);
  });

  it('refuses to save a negative SLA typed into the editor', () => {
    const draft = draftFromSettings(DEFAULT_SETTINGS);
    draft.lifecycle[1] = { ...draft.lifecycle[1], sla: '-5m' };
    const { problems } = validateDraft(draft);
    expect(problems).toEqual([expect.objectContaining({ field: 'lifecycle[1].sla', severity: 'error' })]);
    expect(canSave(problems)).toBe(false);
  });

  it('refuses an empty new row until it has a name', () => {
    const draft = draftFromSettings(DEFAULT_SETTINGS);
    draft.lifecycle = [...draft.lifecycle, newStatusDraft()];
    expect(canSave(validateDraft(draft).problems)).toBe(false);
    draft.lifecycle[draft.lifecycle.length - 1].status = 'RETURNED';
    expect(canSave(validateDraft(draft).problems)).toBe(true);
  });

  it('leaves out empty SLA and set-by cells in the stored form', () => {
    const stored = draftToStored({ ...draftFromSettings(DEFAULT_SETTINGS), lifecycle: [newStatusDraft({ status: 'A' })] });
    expect(stored.lifecycle).toEqual([{ status: 'A' }]);
  });

  it('moves rows and ignores moves past either end', () => {
    const rows = ['A', 'B', 'C'].map((status) => newStatusDraft({ status }));
    expect(moveStatus(rows, 1, -1).map((row) => row.status)).toEqual(['B', 'A', 'C']);
    expect(moveStatus(rows, 1, 1).map((row) => row.status)).toEqual(['A', 'C', 'B']);
    expect(moveStatus(rows, 0, -1)).toBe(rows);
    expect(moveStatus(rows, 2, 1)).toBe(rows);
  });

  it('gives every row its own key', () => {
    const keys = draftFromSettings(DEFAULT_SETTINGS).lifecycle.map((row) => row.key);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
