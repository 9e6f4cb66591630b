//! The names of every string of the app, in two enums: [`Key`], the text
//! the stage's wasm module shows (and text the side panels share with it),
//! and [`PanelKey`], the text only the side panels' module, the JS API or
//! the command-line tool show. Each language table has one `match` for
//! each enum, so the stage's module links only the first: the panels' text
//! (most of the words of every language) stays out of the download the
//! first spiral waits for. Adding a key to either enum is the first step;
//! the three tables then fail to compile until each language has it.

macro_rules! keys {
    ($(#[$doc:meta])* $enum:ident { $($name:ident),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $enum { $($name),* }

        impl $enum {
            /// Every key, for the tests that check the tables.
            pub const ALL: &'static [$enum] = &[$($enum::$name),*];
        }
    };
}

keys! {
    /// One string the stage shows, looked up with [`super::Lang::t`]: the
    /// stage's module reaches it (the panels' module may too).
    Key {
        // The page's frame.
        AppTitle, DocumentTitle, ResetAnnouncement, PanelsLabel, KeyboardShortcuts, PanelCharts, PanelCorrelations,
        PanelCompare, PanelPhaseMap, PanelPosition, PanelLesson, PanelSettings, PanelShare,
        // The stage.
        StageLabel, ScenarioLabel, ScenarioSentence, OnWeekend, DepthUsual, DepthHalf, DepthTwice, DepthTimes,
        SliderShock, SliderLeverage, SliderLiquidity, ResetAll, FullScreen, ExitFullScreen, ComputingRun,
        ComputingFirstRun, EngineOnPage, LoadingPanels, PanelsFailed, TimeLabel, Play, Pause, NextRound, SpeedLabel,
        PositionStart, PositionBefore, PositionDuring,
        // Dialogs, notices about links, shortcuts.
        Close, CloseNamed, NoticeIntro, Dismiss, RangeWhole, RangeNumber, RangeOneOf, RangeZeroOrOne, NoticeVersion,
        NoticePreset, NoticeValue, NoticeKept, NoticeUnknownKey, NoticeMore, NoticePositionSide, KeySpace,
        KeyRightArrow, KeyR, KeyQuestion, KeyEsc, KeyPageDown, KeyPageUp, KeyTab, DoPlay, DoStep, DoReset, DoHelp,
        DoClose, DoNextStep, DoPreviousStep, DoTab,
        // The panel shown when the app panics, and what the venues' backstops did.
        PanicTitle, PanicReset, BackstopAdl, BackstopNone,
        // The sentence after each run (page, JS API, command line).
        Headline, HeadlineRunaway,
        // The spiral's canvas.
        SpiralLabel, CaptionRound, CaptionShockOnly, CaptionSlices, CaptionRefill, CaptionRanAway, CaptionAbsorbed,
        CaptionBefore, OneRound, Rounds, LoopPriceMove, LoopLowest, LoopLosses, LoopShortfall, LoopForcedSales,
        LoopImpact, LoopShortMove, LoopShortLowest, LoopShortLosses, LoopShortShortfall, LoopShortSales,
        LoopShortImpact, LoopTitleMinute, LoopTitleMinuteShort, LoopTitleRun, LoopTitleRunShort, LoopTitle,
        LoopNoteLong, LoopNoteShort, LoopNoteShortest, CentreRound, CentreMinute, CentreMinuteTitle, CentreNoNew,
        CentreRounds, CentreRanAway, CentreTotals, CentreMinutes, CentreWaiting, CentreForShock, LegendTitleLong,
        LegendTitle, LeverageUnder5, LeverageOver50, MapEnds, Shorts, Longs, LiquidatedOfBtcLongs, LiquidatedShort,
        Sold, Lowest, FootLong, FootShort, Bids, BidsPerPct,
        // The reader's position, where the spiral marks it.
        PositionMapLong, PositionMapShort, PositionMapBrief,
        // Predict, then watch.
        PredictHeading, PredictPrompt, PredictFallLabel, PredictLiquidatedLabel, PredictReveal,
        PredictHiddenSummary, PredictGuessNeeded, PredictAgain, PredictGuessFall, PredictGuessLiquidated,
        // Recording the spiral as a video.
        VideoRecord, VideoRecording, VideoProgress, VideoSaved, VideoFailed,
        // What a link's notice says was done instead; the JS API, which refuses
        // the whole call, leaves it out.
        NoticeWholeLinkIgnored, NoticeDefaultsUsed, NoticeItIgnored, NoticeTheyIgnored,
    }
}

keys! {
    /// One string only the side panels, the JS API or the command-line tool
    /// show, looked up with [`super::Lang::t`] like a [`Key`]. Nothing the
    /// stage's module links may name one: that would bring every
    /// language's panel table back into it (`tests/e2e/stage_text.test.mjs`
    /// looks for the panels' text in the stage's release build).
    PanelKey {
        // The settings panel's language menu and the panels' own heading.
        Tagline, Language,
        // The phase map.
        PhaseTitle, PhaseColourBy, PhaseAmplification, PhaseTotalLiquidated, PhaseCompute, PhaseComputeAgain,
        PhaseUpToDate, PhaseProgress, PhaseStopped, PhaseStale, PhaseCanvasLabel, PhaseNote, PhaseAxisShock,
        PhaseAxisLeverage, PhaseLegendAmplification, PhaseLegendLiquidated,
        // Charts and compare.
        ChartMinute, ChartPrices, ChartLiquidations, ChartLongs, ChartShorts, ChartDepth, ChartCorrelation,
        ChartBefore, ChartDuring, ChartPinnedA, ChartNowB, ChartCompareBtc, ChartCompareLiquidations,
        ChartCascadeLabel, ChartDepthLabel, ChartCorrelationLabel, CompareFall, CompareLiquidated, CompareAccounts,
        CompareRounds, CompareAmplification, CompareSame, CompareFurther, CompareLessFar, CompareMore, CompareLess,
        CompareMoreAccounts, CompareFewerAccounts, CompareMoreRounds, CompareFewerRounds, CompareHigher,
        CompareLower, ComparePin, CompareTitle, CompareMeasure, CompareDifference, CompareCanvasLabel, CompareRepin,
        ComparePinWaiting, CompareStop,
        // The guided lesson.
        LessonStart, LessonOf, LessonDiscuss, LessonPrevious, LessonNext, LessonLeave, Lesson1Title, Lesson1Text,
        Lesson1Question, Lesson2Title, Lesson2Text, Lesson2Question, Lesson3Title, Lesson3Text, Lesson3Question,
        Lesson4Title, Lesson4Text, Lesson4Question, Lesson5Title, Lesson5Text, Lesson5Question, Lesson6Title,
        Lesson6Text, Lesson6Question, Lesson7Title, Lesson7Text, Lesson7Question, Lesson8Title, Lesson8Text,
        Lesson8Question, Lesson9Title, Lesson9Text, Lesson9Question,
        // Scenarios (presets) and their captions.
        PresetOct2025Title, PresetOct2025Text, PresetJan2026Title, PresetJan2026Text, PresetFeb2026Title,
        PresetFeb2026Text, PresetCalmTitle, PresetCalmText, PresetWeekendTitle, PresetWeekendText,
        PresetTextbookTitle, PresetTextbookText, Window24Hours, WindowAbout4Hours, PresetLabel, PresetDefault,
        CaptionReported, CaptionSimulated, CaptionWithChanges, CaptionAccounts,
        // The parameter table's names, its choices, the further settings.
        FieldShock, FieldLev, FieldLiq, FieldImpact, FieldModel, FieldRamp, FieldLong, FieldMm, FieldWeekend,
        FieldGamma, FieldWhales, FieldCross, FieldSpiral, FieldEtf, FieldRetrace, FieldNoise, FieldOi, FieldSize,
        FieldFund, FieldBand, FieldN, FieldSeed, ChoiceLinear, ChoiceSqrt, ChoiceMarket, ChoiceTextbook,
        MoreSettings,
        // Sharing and the workshop kit.
        LinkCopied, LinkCopyBlocked, CopyLink, LinkToScenario, QrCode, ProjectorMode, DownloadFile, Embed,
        SnippetCopied, SnippetCopyBlocked, EmbedTitle, EmbedHint, CopySnippet, QrTitle, QrLabel,
        // The spread of a preset over seeds, under its caption.
        SpreadIntro, SpreadRange, SpreadBtc, SpreadEth, SpreadLiquidated, SpreadShorts, SpreadAccounts, SpreadAdl,
        ListSeparator,
        // The reader's position and its verdicts (panel and `survival`).
        PositionIntro, PositionAdd, PositionRemove, PositionSide, PositionLong, PositionShort, PositionEntryKind,
        PositionEntryPrice, PositionEntryFromNow, PositionEntryValuePrice, PositionEntryValuePct, PositionLeverage,
        PositionSize, PositionInThisRun, PositionTableCaption, PositionPresetColumn, PositionVerdictColumn,
        PositionHeadline, PositionLongWord, PositionShortWord, VerdictLiquidated, VerdictSurvivesLong,
        VerdictSurvivesShort,
        // Predict, then watch: what the panels say while a guess is pending.
        PredictHiddenPanel, PredictLessonOffer, PredictChartLabel,
        // The spread of outcomes over 50 seeds (charts panel).
        SeedsHeading, SeedsIntro, SeedsCompute, SeedsComputeAgain, SeedsProgress, SeedsStale, SeedsFailed,
        SeedsFanCaption, SeedsFanBand, SeedsFanMedian, SeedsThisRun, SeedsReported, SeedsHistogramCaption,
        SeedsHistogramAxis, SeedsHistogramCount, SeedsFanLabel, SeedsHistogramLabel,
        // The JS API's own messages.
        ApiExpectedScenario, ApiValueType,
    }
}

impl Key {
    /// Keys whose text is the same in every language: the keys printed on
    /// every keyboard.
    pub fn same_in_every_language(self) -> bool {
        matches!(self, Key::KeyR | Key::KeyQuestion | Key::KeyEsc)
    }
}
