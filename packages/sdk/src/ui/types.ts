import type { Checklist, ChecklistItem, Progress } from '../rules/types.js';

export interface UIState {
  checklist: Checklist;
  progress: Progress;
  open: boolean;
  dismissed: boolean;
  /** The checklist was just finished: show the completion moment. */
  justCompleted?: boolean;
}

export interface UIActions {
  complete(itemId: string): void;
  startGuide(itemId: string): void;
  open(): void;
  close(): void;
  dismiss(): void;
}

export interface UIOptions {
  theme?: Record<string, string> | undefined;
  locale?: string | undefined;
  /** For the `<style>` fallback where constructable stylesheets are missing. */
  nonce?: string;
}

export interface GuideOptions {
  timeoutMs?: number;
  onMissing(): void;
  onClose?(): void;
}

export interface UI {
  /** `null`: nothing to show (no checklist for the role, signed out, dismissed). */
  render(state: UIState | null): void;
  showGuide(item: ChecklistItem, opts: GuideOptions): void;
  hideGuide(): void;
  destroy(): void;
}
