import { describe, it } from 'vitest';
import { MemoryCaseStore } from '@casekit/core';
import { describeCaseStore } from '@casekit/testing';

// Engines sharing one MemoryCaseStore stand for processes sharing one database: `reopen` returns
// the same store.
describeCaseStore('memory', () => ({ store: new MemoryCaseStore() }), { describe, it });
