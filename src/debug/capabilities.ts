// What the adapter answers to `initialize`: the DAP features it supports. A feature listed here
// is one the adapter implements over the real protocol (test/debug tests each).

import type { DebugProtocol } from '@vscode/debugprotocol';
import { EXCEPTION_FILTERS } from './breakpoints';

export const CAPABILITIES: DebugProtocol.Capabilities = {
  supportsConfigurationDoneRequest: true,
  supportsStepBack: true,
  supportsConditionalBreakpoints: true,
  supportsHitConditionalBreakpoints: true,
  supportsLogPoints: true,
  supportsFunctionBreakpoints: true,
  supportsDataBreakpoints: true,
  supportsEvaluateForHovers: true,
  supportsCompletionsRequest: true,
  completionTriggerCharacters: [' '],
  supportsExceptionFilterOptions: true,
  supportsExceptionInfoRequest: true,
  exceptionBreakpointFilters: EXCEPTION_FILTERS,
  supportsSingleThreadExecutionRequests: true,
  supportsTerminateRequest: true,
  supportsDelayedStackTraceLoading: true,
  supportsValueFormattingOptions: true,
};
