/**
 * The MAG's evaluation of eligible proposals, as one service for the
 * resolvers: rounds (evaluation-rounds.service.ts), balanced assignment
 * (evaluation-assignment.service.ts), evaluating and declining
 * (evaluation-scoring.service.ts), and what each caller may see — sheets,
 * queues, the ranked board, feedback (evaluation-sheets.service.ts). A thin
 * facade: the rules live in those services, which share one request's
 * caller, clock and round loader (evaluation.context.ts).
 */
import type * as z from 'zod';
import type { Page } from '../../core/dynamodb/query';
import type { ProgrammeService } from '../programme';
import { EvaluationAssignment, type AssignmentResult } from './evaluation-assignment.service';
import { EvaluationContext, type EvaluationStakeholders, type EvaluationStores } from './evaluation.context';
import type {
  CreateEvaluationRoundInput,
  DeclineEvaluationInput,
  SubmitEvaluationInput,
  UpdateEvaluationRoundInput,
  releaseInput,
  roundOnlyInput,
} from './evaluation.inputs';
import type { Evaluation, EvaluationRound, EvaluationRoundStatus, EvaluationRoundWithCounts, EvaluationSheet } from './evaluation.model';
import { EvaluationRounds } from './evaluation-rounds.service';
import { EvaluationScoring } from './evaluation-scoring.service';
import { EvaluationSheets, type EvaluationFeedback, type SheetView } from './evaluation-sheets.service';
import type { ProposalService } from './proposal.service';
import type { Proposal } from './sessions.model';

export type { AssignmentResult } from './evaluation-assignment.service';
export type { EvaluationFeedback, SheetView } from './evaluation-sheets.service';

export class EvaluationService {
  private readonly ctx: EvaluationContext;
  private readonly rounds: EvaluationRounds;
  private readonly assignment: EvaluationAssignment;
  private readonly sheets: EvaluationSheets;
  private readonly scoring: EvaluationScoring;

  constructor(
    caller: EvaluationContext['caller'],
    now: () => Date,
    proposals: ProposalService,
    stakeholders: EvaluationStakeholders,
    programmes: Pick<ProgrammeService, 'get'>,
    stores: EvaluationStores,
  ) {
    this.ctx = new EvaluationContext(caller, now, proposals, stakeholders, programmes, stores);
    this.rounds = new EvaluationRounds(this.ctx);
    this.assignment = new EvaluationAssignment(this.ctx);
    this.sheets = new EvaluationSheets(this.ctx);
    this.scoring = new EvaluationScoring(this.ctx, this.sheets);
  }

  // ── rounds ──
  round = (id: string): Promise<EvaluationRoundWithCounts | undefined> => this.rounds.round(id);
  roundByGlobalId = (globalId: string): Promise<EvaluationRoundWithCounts | undefined> => this.rounds.roundByGlobalId(globalId);
  status = (round: EvaluationRound): EvaluationRoundStatus => this.ctx.status(round);
  roundsOf = (year: number, first?: number | null, after?: string | null): Promise<Page<EvaluationRoundWithCounts>> => this.rounds.roundsOf(year, first, after);
  createRound = (input: CreateEvaluationRoundInput): Promise<EvaluationRoundWithCounts> => this.rounds.createRound(input);
  updateRound = (input: UpdateEvaluationRoundInput): Promise<EvaluationRoundWithCounts> => this.rounds.updateRound(input);
  releaseFeedback = (input: z.input<typeof releaseInput>): Promise<EvaluationRoundWithCounts> => this.rounds.releaseFeedback(input);

  // ── assignment ──
  assign = (input: z.input<typeof roundOnlyInput>): Promise<AssignmentResult> => this.assignment.assign(input);

  // ── sheets, queues, the board, feedback ──
  getSheetByGlobalId = (globalId: string): Promise<SheetView | undefined> => this.sheets.getSheetByGlobalId(globalId);
  getSheetByInternalId = (id: string): Promise<SheetView | undefined> => this.sheets.getSheetByInternalId(id);
  sheet = (roundId: string, proposalId: string): Promise<SheetView | undefined> => this.sheets.sheet(roundId, proposalId);
  queue = (roundGlobalId: string, first?: number | null, after?: string | null): Promise<Page<Evaluation>> => this.sheets.queue(roundGlobalId, first, after);
  board = (
    roundGlobalId: string,
    filter: { themeId?: string | null; type?: string | null },
    first?: number | null,
    after?: string | null,
  ): Promise<Page<EvaluationSheet>> => this.sheets.board(roundGlobalId, filter, first, after);
  feedback = (proposal: Proposal): Promise<EvaluationFeedback[]> => this.sheets.feedback(proposal);

  // ── evaluating ──
  submit = (input: SubmitEvaluationInput): Promise<SheetView> => this.scoring.submit(input);
  decline = (input: DeclineEvaluationInput): Promise<{ evaluation: Evaluation; replacementAssigned: boolean }> => this.scoring.decline(input);
}
