/**
 * The GraphQL documents of the benchmarked writes, shared by the benchmark
 * (test/bench/writes.ts) and the round-trip test of writes
 * (test/performance/write-round-trips.test.ts), so both measure the same
 * operations.
 */

export const REGISTER_STAKEHOLDER = /* GraphQL */ `
  mutation Register($input: RegisterStakeholderInput!) {
    registerStakeholder(input: $input) {
      stakeholder {
        id
        name
        version
      }
    }
  }
`;

export const SUBMIT_CONTRIBUTION = /* GraphQL */ `
  mutation Submit($input: SubmitContributionInput!) {
    submitContribution(input: $input) {
      contribution {
        id
        version
        status
        createdAt
      }
    }
  }
`;

export const EDIT_CONTRIBUTION = /* GraphQL */ `
  mutation Edit($input: EditContributionInput!) {
    editContribution(input: $input) {
      contribution {
        id
        version
      }
    }
  }
`;

export const WITHDRAW_CONTRIBUTION = /* GraphQL */ `
  mutation Withdraw($input: WithdrawContributionInput!) {
    withdrawContribution(input: $input) {
      contribution {
        id
        version
        status
      }
    }
  }
`;

export const SET_DISPOSITIONS = /* GraphQL */ `
  mutation SetDispositions($input: SetDispositionsInput!) {
    setDispositions(input: $input) {
      contributions {
        id
        version
      }
    }
  }
`;

export const SAVE_REPORT_SECTIONS = /* GraphQL */ `
  mutation Save($input: SaveReportSectionsInput!) {
    saveReportSections(input: $input) {
      report {
        id
        status
        version
      }
    }
  }
`;

export const SUBMIT_REPORT = /* GraphQL */ `
  mutation SubmitReport($input: ReportTransitionInput!) {
    submitReport(input: $input) {
      report {
        id
        status
        version
      }
    }
  }
`;

export const CREATE_MEETING = /* GraphQL */ `
  mutation CreateMeeting($input: CreateMeetingInput!) {
    createMeeting(input: $input) {
      meeting {
        id
        version
      }
    }
  }
`;

export const SET_AGENDA = /* GraphQL */ `
  mutation SetAgenda($input: SetAgendaInput!) {
    setAgenda(input: $input) {
      meeting {
        id
        version
      }
    }
  }
`;

export const ADOPT_AGENDA = /* GraphQL */ `
  mutation AdoptAgenda($input: MeetingTransitionInput!) {
    adoptAgenda(input: $input) {
      meeting {
        id
        status
        version
      }
    }
  }
`;

export const HOLD_MEETING = /* GraphQL */ `
  mutation Hold($input: MeetingTransitionInput!) {
    holdMeeting(input: $input) {
      meeting {
        id
        status
        version
      }
    }
  }
`;

export const RECORD_DECISION = /* GraphQL */ `
  mutation RecordDecision($input: RecordDecisionInput!) {
    recordDecision(input: $input) {
      decision {
        id
        state
        version
        subjectCount
      }
    }
  }
`;

export const DECIDE = /* GraphQL */ `
  mutation Decide($input: DecideInput!) {
    decide(input: $input) {
      decision {
        id
        state
        version
      }
    }
  }
`;

export const DRAFT_MINUTES = /* GraphQL */ `
  mutation DraftMinutes($input: DraftMinutesInput!) {
    draftMinutes(input: $input) {
      minutes {
        id
        status
        version
      }
    }
  }
`;
